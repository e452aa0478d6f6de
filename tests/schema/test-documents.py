#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""schemas/document.schema.json against the documents sriovctl takes and refuses.

  test-documents.py SCHEMA_DIR MAN_PAGE TEST_STATE_DOC GOOD.json...

Accepted: the DOCUMENT FORMAT example of sriovctl(8) and every GOOD file (the Ansible
example's documents, a dump). Refused: every entry of the document parser's table of bad
documents (TEST_STATE_DOC --list-bad-documents) that is JSON at all, unless its
rule is one a schema cannot express (the schema's description lists them).
"""
import json
import pathlib
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the tree
sys.path.insert(0, str(pathlib.Path(__file__).parent))
from validate import validator  # noqa: E402

# What sriovctl refuses and no JSON Schema can: values compared with each other, VFs across
# entries, duplicate keys (JSON keeps the last; Python's parser too).
INEXPRESSIBLE = ("above max_tx_rate", "is already set by", "FIRST <= LAST",
                 "given twice in one object")


class Integral(Exception):
    pass


def load_strict(text):
    """The document, or None when it is no JSON a schema could be given."""
    def no_dup(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(pairs)
    try:
        return json.loads(text, object_pairs_hook=no_dup)
    except ValueError:
        return None


def integral_float(text):
    # 1.0 where a whole number is wanted: JSON Schema counts it as the integer 1.
    return bool(re.search(r"(?<![\w.])-?\d+\.0+(?![\w.])", text))


def man_example(man):
    text = pathlib.Path(man).read_text()
    section = text.split(".SH DOCUMENT FORMAT", 1)[1]
    block = section.split(".nf\n", 1)[1].split("\n.fi", 1)[0]
    return block.replace("\\-", "-")


def main(argv):
    schema_dir, man, bad, goods = pathlib.Path(argv[1]), argv[2], argv[3], argv[4:]
    v = validator(schema_dir, "document")
    passed = failed = 0

    def report(ok, what):
        nonlocal passed, failed
        print(f"schema: {'ok' if ok else 'not ok'} - {what}")
        if ok:
            passed += 1
        else:
            failed += 1

    for name, text in [("sriovctl(8) DOCUMENT FORMAT example", man_example(man))] + \
            [(g, pathlib.Path(g).read_text()) for g in goods]:
        errors = list(v.iter_errors(json.loads(text)))
        report(not errors, f"accepts {name}" + (f": {errors[0].message[:200]}" if errors else ""))

    refused = skipped = 0
    wrong = []
    table = subprocess.run([bad, "--list-bad-documents"], check=True, capture_output=True,
                           text=True).stdout
    for line in table.splitlines():
        entry = json.loads(line)
        doc = load_strict(entry["doc"])
        if doc is None and entry["doc"].strip() not in ("null",):
            skipped += 1  # not JSON, or a key twice: the parser's to say
            continue
        if v.is_valid(doc):
            if any(p in entry["err"] for p in INEXPRESSIBLE) or integral_float(entry["doc"]):
                skipped += 1
                continue
            wrong.append(f"{entry['doc']} (sriovctl: {entry['err']})")
        else:
            refused += 1
    report(not wrong and refused > 0,
           f"refuses {refused} bad documents of the parser's table ({skipped} beyond a schema)"
           + "".join(f"\n    accepted: {w}" for w in wrong))
    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
