/**
 * Users, roles, teams, login and lockout, personal API tokens. Owns the one
 * {@link dev.mailward.accounts.Role} enum, password encoding and login throttling, and what the web
 * kernel's two filter chains ({@code shared.SecurityConfiguration}) get from this module: the
 * password check ({@code AuthenticationManager}), API tokens as {@code Authorization: Bearer}, rate
 * limited per token, the per-request account check of sessions, and the URL rules that need a role
 * ({@code AccountsSecurityConfiguration}, as {@link dev.mailward.shared.ApiChainContribution} and
 * {@link dev.mailward.shared.SessionChainContribution}). Single sign-on (OIDC) through Spring Security's
 * OAuth2 login, added to the session chain as a {@link dev.mailward.shared.SessionChainExtension} when client
 * registrations are configured: claims mapped to role and teams, accounts linked to identities (issuer,
 * subject); the switch of local password sign-in ({@link dev.mailward.accounts.SignInSettings}). Pages
 * {@code /account/tokens}, {@code /admin/users}, {@code /admin/teams}, {@code /admin/tokens} and
 * {@code /admin/sign-in}.
 *
 * <p>Other modules use {@link dev.mailward.accounts.Accounts} and
 * {@link dev.mailward.accounts.CurrentUser} to learn who is acting and which teams they may see
 * ({@link dev.mailward.accounts.AccessScope}). Publishes {@link dev.mailward.accounts.UserCreated},
 * {@link dev.mailward.accounts.UserChanged}, {@link dev.mailward.accounts.LoginSucceeded},
 * {@link dev.mailward.accounts.LoginFailed}, {@link dev.mailward.accounts.LoginsRefused},
 * {@link dev.mailward.accounts.AccountLocked}, {@link dev.mailward.accounts.AccountLoginsDelayed},
 * {@link dev.mailward.accounts.SourceAddressBlocked}, {@link dev.mailward.accounts.ApiTokenCreated}
 * and {@link dev.mailward.accounts.ApiTokenRevoked}; {@link dev.mailward.accounts.ApiTokens} is the
 * facade of the tokens.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Accounts",
        allowedDependencies = {"shared"})
package dev.mailward.accounts;
