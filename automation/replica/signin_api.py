"""The sign-in JSON API: identify → (captcha) → password → (MFA) → session cookie."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pyotp

from .fake_iam import FakeIam
from .faults import CAPTCHA_ANSWER
from .hosts import ReplicaHosts
from .messages import ReplicaRequest, ReplicaResponse, error_response, json_response
from .sessions import SESSION_COOKIE, SIGNIN_COOKIE, PendingSignIn, Session, SessionStore, set_cookie

AUTH_FAILURE = "Your authentication information is incorrect. Please try again."
USER_TYPES = ("rootUser", "iamUser")


def totp_ok(seed: str, code: str, now: float | None = None) -> bool:
    """True when `code` is the TOTP of `seed` for the current or the previous 30 s window."""
    code = code.strip().replace(" ", "")
    if not seed or not code.isdigit():
        return False
    totp = pyotp.TOTP(seed)
    when = time.time() if now is None else now
    return any(totp.verify(code, for_time=int(when - step)) for step in (0, totp.interval))


@dataclass
class SignInApi:
    """Answers `signin/*`, `signout` and `session`."""

    iam: FakeIam
    sessions: SessionStore
    hosts: ReplicaHosts
    faults: frozenset[str]
    variants: frozenset[str] = field(default_factory=frozenset)

    # -- helpers ----------------------------------------------------------------------------

    def _landing(self, requested: Any, pending: PendingSignIn | None) -> str:
        """Where to go after sign-in: a console URL the page asked for, else Console Home."""
        for candidate in (requested, pending.redirect if pending else None):
            if isinstance(candidate, str) and self.hosts.is_console_url(candidate):
                return candidate
        return self.hosts.console_home()

    def _done(self, session: Session, landing: str, signin_token: str | None) -> ReplicaResponse:
        self.sessions.finish_pending(signin_token)
        token = self.sessions.issue(session)
        if self.hosts.multi_session:  # the session chooser first; its card leads to the session's own host
            own = self.hosts.session_console(self.iam.account.account_id, session.type, session.user_name)
            landing = self.hosts.on_origin(landing, own)
            landing = f"{self.hosts.signin}/sessions/selector?redirect_uri={quote(landing, safe='')}"
        cookie = set_cookie(self.hosts, SESSION_COOKIE, token)
        return json_response({"next": "done", "redirect": landing}, cookies=[cookie])

    def _pending_cookie(self, token: str) -> str:
        return set_cookie(self.hosts, SIGNIN_COOKIE, token)

    # -- endpoints --------------------------------------------------------------------------

    def identify(self, request: ReplicaRequest, body: dict[str, Any]) -> ReplicaResponse:
        """POST signin/identify: remember who is signing in; captcha next under that fault."""
        user_type = body.get("userType")
        identifier = str(body.get("identifier") or "").strip()
        if user_type not in USER_TYPES or not identifier:
            return error_response("ValidationError", "Enter your root user email address or account ID.", 400)
        pending = PendingSignIn(
            user_type=str(user_type),
            identifier=identifier,
            redirect=body.get("redirectUri") if isinstance(body.get("redirectUri"), str) else None,
        )
        token = self.sessions.save_pending(request.cookie(SIGNIN_COOKIE), pending)
        step = "captcha" if "captcha" in self.faults else "password"
        return json_response({"next": step}, cookies=[self._pending_cookie(token)])

    def captcha(self, request: ReplicaRequest, body: dict[str, Any]) -> ReplicaResponse:
        """POST signin/captcha: the security check (answer `replica`)."""
        token = request.cookie(SIGNIN_COOKIE)
        guess = str(body.get("guess") or "").strip().lower()
        if guess != CAPTCHA_ANSWER:
            return error_response("CaptchaIncorrect", "That wasn't quite right, please try again.", 400)
        if self.sessions.pending(token) is None:
            token = self.sessions.save_pending(None, PendingSignIn(captcha_solved=True))
        else:
            self.sessions.update_pending(token, captcha_solved=True)  # type: ignore[arg-type]
        return json_response({"next": "password"}, cookies=[self._pending_cookie(token)])  # type: ignore[arg-type]

    def password(self, request: ReplicaRequest, body: dict[str, Any]) -> ReplicaResponse:
        """POST signin/password: check the password; MFA next, or done with the session cookie."""
        token = request.cookie(SIGNIN_COOKIE)
        pending = self.sessions.pending(token)
        if "captcha" in self.faults and not (pending and pending.captcha_solved):
            return error_response("CaptchaRequired", "Complete the security check before you sign in.", 400)
        session, seed = self._check_password(body)
        if session is None:
            return error_response("AuthFailure", AUTH_FAILURE, 401)
        landing = self._landing(body.get("redirectUri"), pending)
        if not seed:
            return self._done(session, landing, token)
        mfa = PendingSignIn(
            user_type="rootUser" if session.type == "root" else "iamUser",
            identifier=session.user_name or self.iam.account.root_email,
            captcha_solved=True,
            mfa_for=session,
            mfa_seed=seed,
            redirect=landing,
        )
        token = self.sessions.save_pending(token, mfa)
        return json_response({"next": "mfa"}, cookies=[self._pending_cookie(token)])

    def _check_password(self, body: dict[str, Any]) -> tuple[Session | None, str]:
        """The session the credentials open (None if wrong) and the MFA seed due (or "")."""
        password = str(body.get("password") or "")
        account = self.iam.account
        if body.get("userType") == "rootUser":
            if self.iam.check_root_password(str(body.get("email") or ""), password):
                return Session("root"), account.root_mfa_seed
            return None, ""
        if body.get("userType") == "iamUser":
            user_name = str(body.get("username") or "").strip()
            if account.names_account(str(body.get("account") or "")) and (
                self.iam.check_user_password(user_name, password)
            ):
                seed = account.root_mfa_seed if self.faults & {"iam-mfa", "mfa-rejected"} else ""
                return Session("iam", user_name), seed
        return None, ""

    def mfa(self, request: ReplicaRequest, body: dict[str, Any]) -> ReplicaResponse:
        """POST signin/mfa: check the TOTP code; done with the session cookie."""
        token = request.cookie(SIGNIN_COOKIE)
        pending = self.sessions.pending(token)
        if pending is None or pending.mfa_for is None:
            return error_response("MfaFailure", "Your sign-in expired. Sign in again.", 401)
        code = str(body.get("code") or "")
        if "mfa-rejected" in self.faults or not totp_ok(pending.mfa_seed, code):
            return error_response("MfaFailure", AUTH_FAILURE, 401)
        landing = self._landing(body.get("redirectUri"), pending)
        return self._done(pending.mfa_for, landing, token)

    def signout(self, request: ReplicaRequest) -> ReplicaResponse:
        """POST signout: revoke the session and clear its cookie."""
        self.sessions.revoke(request.cookie(SESSION_COOKIE))
        cookie = set_cookie(self.hosts, SESSION_COOKIE, "", clear=True)
        return json_response({}, cookies=[cookie])

    def session(self, session: Session | None) -> ReplicaResponse:
        """GET session: the session object, or 401."""
        if session is None:
            return not_signed_in()
        return json_response(session.to_json(self.iam.account))


def not_signed_in() -> ReplicaResponse:
    """401 for API calls without a valid session."""
    return error_response("NotSignedIn", "You are not signed in, or your session expired.", 401)
