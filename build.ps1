#!/usr/bin/env pwsh
# Bootstrap for the Cake build (PowerShell 7, e.g. pwsh on Linux or in WSL):
#   ./build.ps1 [--target=<Task>] [--exclusive] ...   ==   dotnet cake build/build.cake ...
# NativeAOT links for Linux only on Linux: Publish (and so Default) needs a
# Debian/Ubuntu machine with the packages of build/apt-packages.txt; see docs/BUILD.md.
$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

# The apt packages: one list, build/apt-packages.txt (shared with build.sh).
$aptPackages = @(Get-Content -Path build/apt-packages.txt | ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ })

if ($IsLinux -and (Get-Command dpkg-query -ErrorAction SilentlyContinue)) {
    $missing = @($aptPackages | Where-Object {
        (& dpkg-query -W '-f=${Status}' $_ 2>$null) -notmatch 'install ok installed'
    })
    if ($missing.Count -gt 0) {
        if ((& id -u) -eq '0' -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
            Write-Host "build.ps1: installing $($missing -join ' ')"
            $env:DEBIAN_FRONTEND = 'noninteractive'
            & apt-get update -q; if ($LASTEXITCODE) { exit $LASTEXITCODE }
            & apt-get install -y -q --no-install-recommends @missing; if ($LASTEXITCODE) { exit $LASTEXITCODE }
        } else {
            Write-Error "build.ps1: missing packages: $($missing -join ' ')`nInstall them with: sudo apt-get install --no-install-recommends $($missing -join ' ')"
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
