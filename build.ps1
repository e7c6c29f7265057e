#!/usr/bin/env pwsh
# Bootstrap for the Cake build (PowerShell 7, e.g. pwsh on Linux or in WSL):
#   ./build.ps1 [--target=<Task>] [--exclusive] ...   ==   dotnet cake build/build.cake ...
# NativeAOT links for Linux only on Linux: Publish (and so Default) needs a
# Debian/Ubuntu machine with the packages of build/apt-packages.txt; see docs/BUILD.md.
$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

# The apt packages: one list, build/apt-packages.txt (shared with build.sh); a line "a | b" names alternatives for a
# package whose name varies by release: any one installed satisfies it, the first the release has is installed
# (as build/apt-packages.sh does for build.sh).
$aptEntries = @(Get-Content -Path build/apt-packages.txt | ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ } |
    ForEach-Object { , @($_ -split '\|' | ForEach-Object { $_.Trim() } | Where-Object { $_ }) })

function Test-AptInstalled([string] $name) { (& dpkg-query -W '-f=${Status}' $name 2>$null) -match 'install ok installed' }
function Test-AptAvailable([string] $name) { (& apt-cache policy $name 2>$null | Out-String) -match '(?m)^\s*Candidate:\s*[^(\s]' }

if ($IsLinux -and (Get-Command dpkg-query -ErrorAction SilentlyContinue)) {
    $missing = @($aptEntries | Where-Object { -not ($_ | Where-Object { Test-AptInstalled $_ }) } | ForEach-Object { , $_ })
    if ($missing.Count -gt 0) {
        if ((& id -u) -eq '0' -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
            $env:DEBIAN_FRONTEND = 'noninteractive'
            & apt-get update -q; if ($LASTEXITCODE) { exit $LASTEXITCODE }
            $install = @(foreach ($entry in $missing) {
                $name = $entry | Where-Object { Test-AptAvailable $_ } | Select-Object -First 1
                if (-not $name) { Write-Error "build.ps1: none of '$($entry -join ', ')' can be installed from this machine's apt sources (build/apt-packages.txt)" }
                $name
            })
            Write-Host "build.ps1: installing $($install -join ' ')"
            & apt-get install -y -q --no-install-recommends @install; if ($LASTEXITCODE) { exit $LASTEXITCODE }
        } else {
            Write-Error "build.ps1: missing packages (a line with several names: any one of them): $(($missing | ForEach-Object { $_ -join ' | ' }) -join '; ')`nInstall them with: sudo apt-get install --no-install-recommends ..."
        }
    }
} elseif (-not $IsLinux) {
    Write-Warning 'build.ps1: not on Linux: Publish, Pack and Verify need Linux (NativeAOT does not cross-compile between operating systems). Use WSL, or run single tasks such as --target=Test --exclusive.'
}

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error 'build.ps1: the .NET 10 SDK (dotnet) is not on PATH; install it first (see docs/BUILD.md)'
}

# cake.config -> CAKE_<SECTION>_<KEY> (Cake reads a cake.config only next to the script).
$section = $null
foreach ($raw in Get-Content -Path cake.config) {
    $line = ($raw -replace ';.*$', '').Trim()
    if ($line -match '^\[(.+)\]$') { $section = $Matches[1] }
    elseif ($section -and $line -match '^([^=]+)=(.*)$') {
        Set-Item -Path "env:CAKE_$($section.ToUpperInvariant())_$($Matches[1].Trim().ToUpperInvariant())" -Value $Matches[2].Trim()
    }
}

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
& dotnet tool restore; if ($LASTEXITCODE) { exit $LASTEXITCODE }
& dotnet cake build/build.cake @args
exit $LASTEXITCODE
