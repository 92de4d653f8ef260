"""`lea-desktop scan`: read the codes in a picture (a badge, a business card, a screenshot) and
print the sign-up answers they would fill."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lea_desktop.cli import CliError

NO_CODE = 1
UNREADABLE = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scan",
        help="read the QR, Data Matrix, PDF417 or barcode in a picture: the answers it would fill",
        description="Reads every code in the image (QR, Data Matrix, PDF417, Aztec and common "
        "barcodes) and prints what it gives for the sign-up form: organisation, contact_name, "
        "email, phone, website, city and country (ISO code), from a vCard, MeCard, BIZCARD, "
        "mailto:, email or web address, or a conference badge carrying those. Exit status 1: no "
        "code in the picture (or none that names anyone); 2: the file cannot be read.",
    )
    p.add_argument("--image", type=Path, required=True, metavar="FILE", help="PNG, JPEG, …")
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (keys without a value left out) instead of lines",
    )
    p.set_defaults(handler=scan_command)


def scan_command(args: argparse.Namespace) -> int:
    from lea_desktop.scanning import answers_from_codes, read_image_file
    from lea_desktop.scanning.decode import UnreadableImage

    try:
        codes = read_image_file(args.image)
    except UnreadableImage as exc:
        raise CliError(f"cannot read the image: {exc}", UNREADABLE) from None
    if not codes:
        raise CliError(
            f"no code found in {args.image} (QR, Data Matrix, PDF417, Aztec or barcode): "
            "try a sharper or closer picture",
            NO_CODE,
        )
    answers = answers_from_codes(codes)
    if not answers:
        kinds = ", ".join(sorted({c.format for c in codes}))
        raise CliError(
            f"the code in {args.image} ({kinds}) carries no contact details "
            "(no vCard, MeCard, email or web address)",
            NO_CODE,
        )
    if args.json:
        print(json.dumps(answers, ensure_ascii=False))
    else:
        width = max(len(k) for k in answers)
        for key, value in answers.items():
            print(f"{key:<{width}}  {value}")
    return 0
