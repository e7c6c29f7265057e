// ilert-checkmk build: plugin/ -> artifacts/ilert_notify-<version>-cmk2.2.mkp (Checkmk 2.2+, legacy rule form)
// and artifacts/ilert_notify-<version>-cmk2.4.mkp (2.4.0p4+, rulesets rule form).
//
//   Clean -> Restore -> Test -> Publish (linux-x64, linux-arm64) -> Render -> Pack -> Verify
//                                 Publish -> TestArm64 (the end-to-end tests against the aarch64 binary under qemu-user)
//
//   Reproducible (separate, after Pack): the same packages built again in a clone at another path must be byte-identical
//
// ./build.sh [--target=<Task>] [--exclusive] [--debian-mirror=URL] [--skip-tests] [--verbosity=diagnostic]
// One file per concern: each task file declares its task and what it depends on; the helper types live in lib/.

#load "lib/process.cake"
#load "lib/package-layout.cake"
#load "context.cake"
#load "lib/rule-fields.cake"
#load "lib/package-model.cake"
#load "lib/template-renderer.cake"
#load "lib/manifest-json.cake"
#load "lib/mkp-writer.cake"
#load "lib/build-info.cake"
#load "lib/apt-sources.cake"
#load "lib/sysroots.cake"
#load "lib/glibc-compat.cake"
#load "lib/test-summary.cake"
#load "lib/verification.cake"
#load "lib/loopback-ilert.cake"
#load "lib/delivery-check.cake"
#load "lib/arm64-lane.cake"
#load "lib/reproducible-check.cake"
#load "solution.cake"
#load "publish.cake"
#load "render.cake"
#load "pack.cake"
#load "verify.cake"
#load "test-arm64.cake"
#load "reproducible.cake"
#load "host-check.cake"

var target = Argument("target", "Default");

Setup<BuildContext>(ctx =>
{
    var build = new BuildContext(ctx);
    ctx.Information($"{build.Name} {build.Version} (from {build.VersionFile.GetFilename()}), mtime {build.SourceDateEpoch}");
    return build;
});

Task("Default")
    .Description("Everything: test, publish both architectures, render, pack and verify both packages, test the arm64 binary.")
    .IsDependentOn("Verify")
    .IsDependentOn("TestArm64");

RunTarget(target);
