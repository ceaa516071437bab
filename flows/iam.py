"""IAM path of the tutorial: Services → IAM → Users → a user → Security credentials → Create access key
→ download the credentials file → keep it safe.

Run it with ``python -m flows.iam`` (see ``--help``).
"""

from __future__ import annotations

import sys

from automation import urls
from automation.options import USE_CASES
from automation.pages import Console, Credentials
from automation.run import FlowRun, refuse_at_quota

TWO_KEYS_FIX = (
    "Either rerun with --delete-key XXXX (the last four of the key to delete), or delete one of the user's "
    "keys yourself (Security credentials tab → Actions → Delete) and rerun."
)


def iam_flow(run: FlowRun, console: Console) -> None:
    """Create an IAM user's access key the way the tutorial tells a reader to, taking its five images."""
    top_bar, iam, users, details, wizard = (
        console.top_bar,
        console.iam,
        console.users,
        console.user_details,
        console.key_wizard,
    )
    settings = run.settings
    user = run.options.user or settings.iam_user

    with run.step("Sign in as an IAM user"):
        run.page.goto(urls.CONSOLE_HOME)  # signed out, the console sends us to sign-in
        console.sign_in.sign_in(
            Credentials(
                account=settings.account,
                user=settings.iam_user,
                password=settings.iam_password,
                mfa_code=run.mfa_code(settings.iam_mfa_seed, f"IAM user {settings.iam_user}"),
            ),
            console_reached=top_bar.console_home,
            person_present=run.options.headed,
        )  # returns once Console Home shows
        run.keep_session()

    with run.step(
        "Open the Services menu", image="iam-services-page.png", highlight=top_bar.service_link("IAM")
    ):
        top_bar.open_services_menu()
        top_bar.show_category("Security, Identity, & Compliance")

    with run.step("Open IAM", image="iam-iam-page.png", highlight=iam.users_link):
        top_bar.service_link("IAM").click()
        iam.wait_loaded()

    with run.step(
        "Open the user's Security credentials",
        image="iam-security-credentials-page.png",
        highlight=details.access_keys.create_button,
    ):
        iam.open_users()
        users.open_user(user)
        details.open_security_credentials(user)
        if run.options.delete_key:
            run.delete_old_key(details.access_keys, f"IAM user {user}")
        details.show_tab_with_access_keys()
        if not details.access_keys.can_create():
            raise refuse_at_quota(
                f"IAM user {user}",
                details.access_keys.describe_keys(),
                TWO_KEYS_FIX,
                "Open the user's Security credentials",
            )

    with run.step(
        "Choose a use case and create the key",
        image="iam-create-key-page.png",
        highlight=wizard.create_button,
    ):
        keys_before = details.access_keys.key_ids()
        wizard.start(use_case=USE_CASES[run.options.use_case], description=run.options.description)

    with run.step(
        "Download the credentials file",
        image="iam-download-credentials-page.png",
        highlight=wizard.retrieve.download_button,
    ):
        run.create_key_once(
            f"IAM user {user}",
            is_root=False,
            keys_before=keys_before,
            click_create=wizard.create_access_key,
            wait_created=wizard.wait_for_new_key,
            reread_keys=lambda: details.reread_keys(user),
        )
        run.keep_key(wizard.retrieve)

    with run.step("Done"):
        wizard.retrieve.done()  # the secret's page closes; nothing after it needs the key list

    if run.options.cleanup:
        with run.step("Delete the key this run created"):
            run.delete_created_key(details.access_keys)


if __name__ == "__main__":
    from flows.cli import main
    from flows.entry import run_command

    run_command(lambda: main(sys.argv[1:], command="iam"))
