using System.Globalization;
using Microsoft.AspNetCore.Identity;

namespace FlowDocs.Identity.Account;

/// <summary>
/// The password rules in words, read from the Identity options that check them, so the pages state them before anyone
/// types (not only after a failure) and cannot drift from what is enforced.
/// </summary>
internal static class PasswordRules
{
    public static string Describe(PasswordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kinds = new List<string>();
        if (options.RequireUppercase)
        {
            kinds.Add("a capital letter");
        }

        if (options.RequireLowercase)
        {
            kinds.Add("a small letter");
        }

        if (options.RequireDigit)
        {
            kinds.Add("a digit");
        }

        if (options.RequireNonAlphanumeric)
        {
            kinds.Add("a symbol such as ! or #");
        }

        var text = $"At least {options.RequiredLength.ToString(CultureInfo.InvariantCulture)} characters";
        if (kinds.Count > 0)
        {
            text += ", with " + (kinds.Count == 1 ? kinds[0] : string.Join(", ", kinds[..^1]) + " and " + kinds[^1]);
        }

        if (options.RequiredUniqueChars > 1)
        {
            text += $", using at least {options.RequiredUniqueChars.ToString(CultureInfo.InvariantCulture)} different characters";
        }

        return text + ".";
    }
}
