using System.Security.Claims;
using FlowDocs.Common.Security;
using Microsoft.AspNetCore.Http;

namespace FlowDocs.Common.Tests;

public sealed class SecurityTests
{
    private static readonly Guid Tenant = Guid.Parse("8b9a4f34-2f0f-4d5c-9d55-0d5c7f0f1a11");

    private static HttpContextAccessor Caller(params Claim[] claims) => new HttpContextAccessor
    {
        HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(claims.Length == 0 ? new ClaimsIdentity() : new ClaimsIdentity(claims, "test")),
        },
    };

    [Fact]
    public void Authenticated_caller_exposes_tenant_user_name_and_roles()
    {
        var user = new HttpCurrentUser(Caller(
            new Claim(FlowDocsClaims.Subject, "u-1"),
            new Claim(FlowDocsClaims.Tenant, Tenant.ToString()),
            new Claim(FlowDocsClaims.Name, "Ada"),
            new Claim(FlowDocsClaims.Role, FlowDocsRoles.Member),
            new Claim(ClaimTypes.Role, FlowDocsRoles.Designer)));

        Assert.True(user.IsAuthenticated);
        Assert.Equal(Tenant, user.TenantId);
        Assert.Equal("u-1", user.UserId);
        Assert.Equal("Ada", user.DisplayName);
        Assert.True(user.IsInRole(FlowDocsRoles.Member));
        Assert.True(user.IsInRole(FlowDocsRoles.Designer));
        Assert.False(user.IsInRole(FlowDocsRoles.Admin));
    }

    [Fact]
    public void Anonymous_caller_has_no_identity()
    {
        var user = new HttpCurrentUser(Caller());

        Assert.False(user.IsAuthenticated);
        Assert.Empty(user.Roles);
        Assert.Throws<InvalidOperationException>(() => user.TenantId);
        Assert.Throws<InvalidOperationException>(() => user.UserId);
    }

    [Fact]
    public void Tenant_context_follows_the_caller_until_a_job_enters_another_tenant()
    {
        var context = new ScopedTenantContext(Caller(new Claim(FlowDocsClaims.Tenant, Tenant.ToString())));
        var other = Guid.NewGuid();

        Assert.Equal(Tenant, context.TenantId);
        context.Enter(other);
        Assert.Equal(other, context.TenantId);
    }

    [Fact]
    public void Tenant_context_without_caller_or_entry_is_empty()
    {
        Assert.Null(new ScopedTenantContext(new HttpContextAccessor()).TenantId);
    }
}
