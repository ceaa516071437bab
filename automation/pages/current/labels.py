"""Labels the current (2025-26) console shows at each tutorial step (see automation/pages/labels.py).

Today's IAM navigation says "IAM users" where AWS docs still say "Users": both are listed, as the page
objects accept both (``^(IAM )?users$``). When the page objects' locators change, this table changes with
them.
"""

from __future__ import annotations

from types import MappingProxyType as Frozen

from automation.options import USE_CASES
from automation.pages.current.iam import CONFIRM_LABEL
from automation.pages.current.root_credentials import ACK_LABEL
from automation.pages.labels import EditionLabels, StepLabels

_ROOT_KEY_CREATION = Frozen(
    {
        "Create New Access Key": "Create access key",
        "Download Key File": "Download .csv file",
        "Show Access Key": "Show",
    }
)
_IAM_KEY_CREATION = Frozen(
    {
        "Create Access Key": "Create access key",
        "Download Credentials": "Download .csv file",
        "Show User Security Credentials": "Show",
    }
)

LABELS = EditionLabels(
    edition="current",
    steps=Frozen(
        {
            "root-menu.png": StepLabels(shown=("Security credentials",)),
            "root-security-credentials.png": StepLabels(
                shown=(
                    "Security credentials",
                    "My security credentials",
                    "Continue to Security credentials",
                    "Access keys",
                ),
                renamed=Frozen(
                    {
                        "Your Security Credentials": "My security credentials",
                        "My Security Credentials": "My security credentials",
                    }
                ),
            ),
            "root-expanded-credentials-page.png": StepLabels(
                shown=("Access keys", "Create access key"),
                renamed=Frozen(
                    {
                        "Access Keys (Access Key ID and Secret Access Key)": "Access keys",
                        "Create New Access Key": "Create access key",
                    }
                ),
            ),
            "root-download-new-keys.png": StepLabels(
                shown=(
                    "Create access key",
                    "Alternatives to root user access keys",
                    ACK_LABEL,
                    "Retrieve access key",
                    "Show",
                    "Download .csv file",
                    "Done",
                ),
                renamed=_ROOT_KEY_CREATION,
                gone=Frozen({"Close": "Done"}),
            ),
            "iam-services-page.png": StepLabels(
                shown=("Services", "Security, Identity, & Compliance", "IAM")
            ),
            "iam-iam-page.png": StepLabels(shown=("IAM", "IAM Dashboard", "Users", "IAM users")),
            "iam-security-credentials-page.png": StepLabels(
                shown=("Users", "IAM users", "Security credentials", "Access keys", "Create access key"),
                renamed=Frozen({"Manage Access Keys": "Create access key"}),
                gone=Frozen({"User Actions": "Security credentials"}),
            ),
            "iam-create-key-page.png": StepLabels(
                shown=(
                    "Create access key",
                    "Access key best practices & alternatives",
                    *USE_CASES.values(),
                    CONFIRM_LABEL,
                    "Next",
                    "Set description tag",
                    "Description tag value",
                ),
                renamed=_IAM_KEY_CREATION,
            ),
            "iam-download-credentials-page.png": StepLabels(
                shown=("Retrieve access keys", "Show", "Download .csv file", "Done"),
                renamed=_IAM_KEY_CREATION,
                gone=Frozen({"Close": "Done"}),
            ),
        }
    ),
    renamed=Frozen(
        {
            **_ROOT_KEY_CREATION,
            **_IAM_KEY_CREATION,
            "Manage Access Keys": "Create access key",
            "Your Security Credentials": "My security credentials",
        }
    ),
    gone=Frozen({"User Actions": "Security credentials", "Close": "Done"}),
    not_in_page_objects=Frozen(
        {
            "Continue to Security credentials": "AWS docs (2023, id_root-user.md): the warning some "
            "root users see before My security credentials",
        }
    ),
)
