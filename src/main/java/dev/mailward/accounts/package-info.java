/**
 * Users, roles, teams, login and lockout. Owns the one {@link dev.mailward.accounts.Role} enum,
 * the security configuration of the console (form login, HTTP Basic for {@code /api/**}, security
 * headers, login throttling) and the administration pages under {@code /admin/users} and
 * {@code /admin/teams}.
 *
 * <p>Other modules use {@link dev.mailward.accounts.Accounts} and
 * {@link dev.mailward.accounts.CurrentUser} to learn who is acting and which teams they may see
 * ({@link dev.mailward.accounts.AccessScope}). Publishes {@link dev.mailward.accounts.UserCreated},
 * {@link dev.mailward.accounts.UserChanged}, {@link dev.mailward.accounts.LoginSucceeded},
 * {@link dev.mailward.accounts.LoginFailed}, {@link dev.mailward.accounts.AccountLocked} and
 * {@link dev.mailward.accounts.SourceAddressBlocked}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Accounts")
package dev.mailward.accounts;
