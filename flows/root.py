"""Root path of the tutorial: account menu → Security credentials → Access keys → Create access key →
download the key file → keep it where only you can read it.

Run it with ``python -m flows.root`` (see ``--help``).
"""

from __future__ import annotations

import sys

from automation import urls
from automation.pages import Console, Credentials
from automation.run import FlowRun, refuse_at_quota

TWO_KEYS_FIX = (
    "Either rerun with --delete-key XXXX (the last four of the key to delete; the tool uses the console's "
    "Delete dialog), or delete one yourself (Security credentials → Access keys → Actions → Delete)."
)


def root_flow(run: FlowRun, console: Console) -> None:
    """Create a root access key the way the tutorial tells a reader to, taking its four images."""
    top_bar, credentials, wizard = console.top_bar, console.root_credentials, console.root_wizard
    settings = run.settings

    with run.step("Sign in as the root user"):
        run.page.goto(urls.CONSOLE_HOME)
        console.sign_in.sign_in(
            Credentials(
                email=settings.root_email,
                password=settings.root_password,
                mfa_code=run.mfa_code(settings.root_mfa_seed, "the root user"),
            ),
            console_reached=top_bar.console_home,
            person_present=run.options.headed,
        )  # returns once Console Home shows
        run.keep_session()

    with run.step(
        "Open the account menu", image="root-menu.png", highlight=top_bar.security_credentials_item
    ):
        top_bar.open_account_menu()

    with run.step(
        "Open Security credentials",
        image="root-security-credentials.png",
        highlight=credentials.access_keys.heading,
    ):
        top_bar.choose_security_credentials()
        credentials.wait_loaded()

    access_keys = credentials.access_keys
    if run.options.delete_key:
        with run.step("Delete the old access key"):
            run.delete_old_key(access_keys, "the root user")

    with run.step(
        "Find the Access keys section",
        image="root-expanded-credentials-page.png",
        highlight=access_keys.create_button,
    ):
        access_keys.bring_into_view()
        if not access_keys.can_create():
            raise refuse_at_quota(
                "The root user", access_keys.describe_keys(), TWO_KEYS_FIX, "Find the Access keys section"
            )

    with run.step("Create the access key"):
        keys_before = access_keys.key_ids()
        wizard.start()  # current: Create access key and the risk box; classic: nothing (its click creates)
        run.create_key_once(
            "the root user",
            is_root=True,
            keys_before=keys_before,
            click_create=wizard.create_access_key,
            wait_created=wizard.wait_for_new_key,
            reread_keys=credentials.reread_keys,
        )

    with run.step(
        "Download the key file", image="root-download-new-keys.png", highlight=wizard.retrieve.download_button
    ):
        run.keep_key(wizard.retrieve)

    with run.step("Done"):
        wizard.retrieve.done()  # the secret's page closes; nothing after it needs the key list

    if run.options.cleanup:
        with run.step("Delete the key this run created"):
            run.delete_created_key(access_keys)


if __name__ == "__main__":
    from flows.cli import main
    from flows.entry import run_command

    run_command(lambda: main(sys.argv[1:], command="root"))
