"""Which flow step produces which tutorial image: the single list every command reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ImageStep:
    """One tutorial image and the flow step that produces it."""

    image: str  # file name, e.g. "root-menu.png"
    flow: str  # "root" or "iam"
    step: str  # the step title shown in progress output


ROOT_IMAGES: tuple[ImageStep, ...] = (
    ImageStep("root-menu.png", "root", "Open the account menu"),
    ImageStep("root-security-credentials.png", "root", "Open Security credentials"),
    ImageStep("root-expanded-credentials-page.png", "root", "Find the Access keys section"),
    ImageStep("root-download-new-keys.png", "root", "Download the key file"),
)

IAM_IMAGES: tuple[ImageStep, ...] = (
    ImageStep("iam-services-page.png", "iam", "Open the Services menu"),
    ImageStep("iam-iam-page.png", "iam", "Open IAM"),
    ImageStep("iam-security-credentials-page.png", "iam", "Open the user's Security credentials"),
    ImageStep("iam-create-key-page.png", "iam", "Choose a use case and create the key"),
    ImageStep("iam-download-credentials-page.png", "iam", "Download the credentials file"),
)

ALL_IMAGES: tuple[ImageStep, ...] = ROOT_IMAGES + IAM_IMAGES


def producer_of(image_name: str, written_as: Callable[[str], str] = str) -> ImageStep | None:
    """The step that produces an image with this file name, or None when no step does.

    ``written_as`` maps a catalog name to the file a run writes (an imaging plan's ``output_name``:
    ``root-menu.png`` becomes ``root-menu.webp`` when that image's format is WebP).
    """
    for item in ALL_IMAGES:
        if written_as(item.image) == image_name:
            return item
    return None
