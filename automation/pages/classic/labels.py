"""Labels the classic console (January 2014, the tutorial's published images) shows at each step.

Its own labels: "Security Credentials", "Create New Access Key", "Download Key File", "Manage Access
Keys", "Download Credentials".

See automation/pages/labels.py. Today's labels map back to the classic ones, so a page written for
today's console is told what the classic console called each control.
"""

from __future__ import annotations

from types import MappingProxyType as Frozen

from automation.pages.classic.root_credentials import SECTION_TITLE
from automation.pages.labels import EditionLabels, StepLabels

_ROOT_KEY_CREATION = Frozen(
    {
        "Create access key": "Create New Access Key",
        "Download .csv file": "Download Key File",
        "Show": "Show Access Key",
        "Done": "Close",
    }
)
_IAM_KEY_CREATION = Frozen(
    {
        "Create access key": "Create Access Key",
        "Download .csv file": "Download Credentials",
        "Show": "Show User Security Credentials",
        "Done": "Close Window",
    }
)

LABELS = EditionLabels(
    edition="classic",
    steps=Frozen(
        {
            "root-menu.png": StepLabels(shown=("Security Credentials",)),
            "root-security-credentials.png": StepLabels(
                shown=("Security Credentials", "Your Security Credentials"),
                renamed=Frozen({"My security credentials": "Your Security Credentials"}),
                gone=Frozen({"Continue to Security credentials": "Your Security Credentials"}),
            ),
            "root-expanded-credentials-page.png": StepLabels(
                shown=(SECTION_TITLE, "Create New Access Key"),
                renamed=Frozen({"Access keys": SECTION_TITLE, "Create access key": "Create New Access Key"}),
            ),
            "root-download-new-keys.png": StepLabels(
                shown=(
                    "Create New Access Key",
                    "Create Access Key",
                    "Show Access Key",
                    "Download Key File",
                    "Close",
                ),
                renamed=_ROOT_KEY_CREATION,
                gone=Frozen(
                    {
                        "Alternatives to root user access keys": "Create New Access Key",
                        "Retrieve access key": "Create Access Key",
                    }
                ),
            ),
            "iam-services-page.png": StepLabels(shown=("Services", "IAM")),
            "iam-iam-page.png": StepLabels(shown=("IAM", "Getting Started", "Users")),
            "iam-security-credentials-page.png": StepLabels(
                shown=(
                    "Users",
                    "Security Credentials",
                    "Access Credentials",
                    "Access Keys",
                    "Manage Access Keys",
                ),
                renamed=Frozen({"Create access key": "Manage Access Keys", "Access keys": "Access Keys"}),
            ),
            "iam-create-key-page.png": StepLabels(
                shown=("Manage Access Keys", "Create Access Key"),
                renamed=_IAM_KEY_CREATION,
                gone=Frozen(
                    {
                        "Access key best practices & alternatives": "Create Access Key",
                        "Next": "Create Access Key",
                        "Set description tag": "Create Access Key",
                    }
                ),
            ),
            "iam-download-credentials-page.png": StepLabels(
                shown=(
                    "Create Access Key",
                    "Show User Security Credentials",
                    "Download Credentials",
                    "Close Window",
                ),
                renamed=_IAM_KEY_CREATION,
                gone=Frozen({"Retrieve access keys": "Create Access Key"}),
            ),
        }
    ),
    renamed=Frozen(
        {
            "My security credentials": "Your Security Credentials",
            "Create access key": "Create New Access Key",
            "Download .csv file": "Download Key File",
            "IAM users": "Users",
        }
    ),
    gone=Frozen({"Security, Identity, & Compliance": "Services", "IAM Dashboard": "IAM"}),
)
