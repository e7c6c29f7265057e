using System.Globalization;
using IlertNotify.Platform;

namespace IlertNotify.Site;

/// <summary>
/// An admin who runs us as root on a site's spool would leave root-owned files behind that the site user can no
/// longer read or replace, and delivery would stop. So root may only touch what root owns.
/// </summary>
internal static class SiteUserGuard
{
    public static void EnsureMayWrite(string path, CommandContext env)
    {
        if (!FileOwner.IsRoot || FileOwner.NearestExistingOwner(path) is not ({ } owned, var uid) || uid == 0)
        {
            return;
        }
        var site = env.Variables.GetValueOrDefault("OMD_SITE") is { Length: > 0 } name ? name : SiteFromPath(owned) ?? "SITE";
        throw new WrongUserException(string.Create(CultureInfo.InvariantCulture,
            $"running as root, but {owned} belongs to uid {uid}: files root creates there would stop the site's own runs. "
            + $"Nothing was changed. Run it as the site user instead: omd su {site} (then the same command), or su - {site} -c '...'"));
    }

    private static string? SiteFromPath(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(parts, "sites");
        return at > 0 && parts[at - 1] == "omd" && at + 1 < parts.Length ? parts[at + 1] : null;
    }
}
