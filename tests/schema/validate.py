#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate sriovctl's JSON against schemas/ with Debian's python3-jsonschema (draft 2020-12).

  validate.py SCHEMA_DIR SCHEMA FILE...   every FILE against SCHEMA_DIR/SCHEMA.schema.json
  validate.py SCHEMA_DIR --log DIR        every DIR/N.json against the schema its command
                                          (DIR/N.cmd, sriovctl's arguments) names

A command with no schema fails: nothing -j prints goes unchecked. One line per failure, a
summary line at the end; exit 1 when anything failed.
"""
import json
import pathlib
import sys

import jsonschema

# sriovctl's object and command (the first two words that are not options) -> schema.
SCHEMA_OF = {
    ("pf", "list"): "pf-list", ("pf", "show"): "pf-show", ("pf", "set"): "pf-set",
    ("vf", "list"): "vf-list", ("vf", "show"): "vf-show", ("vf", "set"): "vf-set",
    ("vf", "bind"): "vf-bind", ("vf", "unbind"): "vf-bind",
    ("vf", "acquire"): "vf-acquire", ("lease", "list"): "lease-list", ("lease", "gc"): "lease-gc",
    ("vfio", "chown"): "vfio-chown", ("vf", "function"): "change",
    ("rate", "show"): "rate-show", ("rate", "add"): "change", ("rate", "set"): "change",
    ("rate", "del"): "change",
    ("apply",): "apply", ("check",): "check", ("dump",): "document",
}


def command_of(args):
    words = [a for a in args if not a.startswith("-")]
    # Options with a value: the value is no command word.
    for opt in ("--timeout", "--deadline"):
        if opt in args:
            i = args.index(opt)
            if i + 1 < len(args) and args[i + 1] in words:
                words.remove(args[i + 1])
    for n in (2, 1):
        if tuple(words[:n]) in SCHEMA_OF:
            return SCHEMA_OF[tuple(words[:n])]
    return None


def validator(schema_dir, name):
    path = (schema_dir / f"{name}.schema.json").resolve()
    schema = json.loads(path.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    resolver = jsonschema.RefResolver(base_uri=path.as_uri(), referrer=schema)
    return cls(schema, resolver=resolver)


def main(argv):
    schema_dir = pathlib.Path(argv[1])
    if argv[2] == "--log":
        log = pathlib.Path(argv[3])
        jobs = []
        for out in sorted(log.glob("*.json")):
            args = out.with_suffix(".cmd").read_text().split("\n")
            jobs.append((command_of([a for a in args if a]), out, " ".join(args).strip()))
    else:
        jobs = [(argv[2], pathlib.Path(f), f) for f in argv[3:]]
    passed = failed = 0
    cache = {}
    for name, path, what in jobs:
        if name is None:
            print(f"schema: not ok - no schema for the output of: sriovctl {what}")
            failed += 1
            continue
        if name not in cache:
            cache[name] = validator(schema_dir, name)
        errors = sorted(cache[name].iter_errors(json.loads(path.read_text())),
                        key=lambda e: list(e.absolute_path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print(f"schema: not ok - {what}: {name}: at {where}: {e.message[:300]}")
            failed += 1
        else:
            passed += 1
    print(f"schema: {passed} passed, {failed} failed")
    return 1 if failed or not jobs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
