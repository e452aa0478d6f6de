#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The text a reader of a man page sees, checked for what the linters let through.

  check-rendered.py VERSION DATE PAGE...

mandoc -T lint and groff -ww see valid markup in `.BR \\-\\-force ). A resize`, and yet man
prints "--force).Aresize": a font-alternating macro (.BR, .IR, .BI, ...) joins all its
arguments, and only the author knows which joins were meant. So each page is rendered by groff
(as man(1) does, without hyphenation, on lines long enough that no word is broken), and:

  words    every word of the rendered text must be a word of the source. The source's words are
           its text with the markup taken out, where an alternating macro's arguments are joined
           as groff joins them, except where the join glues two words: a letter or digit to a
           letter or digit ("a" "b"), or a closing mark (. , ; ! ? ) ]) to what starts a word
           or a bracket ("). " "A"). Such a join puts a space in the source's words and none in
           the rendered text, so the rendered word is not found. So is a word that markup the
           renderer did not take (a stray quote of a misquoted argument, an escape) left in it.
           A join of two words that is meant goes in one argument: .B virtfn\\fIINDEX.
           A comma or a closing parenthesis set apart from its word ("code , msg") is refused.
  markup   no escape (\\f, \\-, \\( ...) and no request (.BR, .TP ...) in the text.
  quotes   an even number of " in each paragraph; in the source, no quoted macro argument with
           more right after its closing quote (.B {"a", "b"}), where groff starts another
           argument and the quotes meant for the reader are gone.
  tags     a .TP tag is its next input line only; what follows is the body. A body that
           starts with a bracket, or with a font macro's metavariable (.I VF, [PF], KEY=VALUE)
           and then a sentence ("VF Shows one VF"), got the rest of its tag.
  footer   "libsriov VERSION" and DATE, as the build wrote them.
"""
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # nothing written into the tree

# The special characters the pages use, as groff -Tascii prints them.
GLYPHS = {"dq": '"', "aq": "'", "em": "--", "en": "-", "bu": "o", "lq": '"', "rq": '"',
          "oq": "'", "cq": "'", "hy": "-", "mi": "-", "co": "(C)", "rs": "\\", "->": "->",
          "<-": "<-", "ti": "~", "ha": "^", "ga": "`", "aa": "'", "mu": "x", "ul": "_"}
FONT_ONE = {"B", "I", "SM", "SB"}
FONT_ALT = {"BR", "RB", "IR", "RI", "BI", "IB"}
HEADINGS = {"SH", "SS"}
# Requests and macros without text of their own (their arguments are numbers or nothing).
NO_TEXT = {"TH", "TP", "PP", "LP", "P", "RS", "RE", "br", "sp", "nf", "fi", "in", "EX", "EE",
           "ad", "na", "hy", "nh", "ne", "ti", "PD"}
# ":" is left out: USER: and :GROUP are words of a synopsis.
CLOSING = set(".,;!?)]")
# Where a .TP's body begins: with a font macro's text (.I VF), or with a text line.
MARKER_MACRO, MARKER_TEXT = "@TAG-BODY-MACRO@", "@TAG-BODY-TEXT@"
MARKERS = (MARKER_MACRO, MARKER_TEXT)


class PageError(Exception):
    pass


def macro_args(s, where, problems):
    """A macro's arguments, split as groff splits them: a quoted argument ends at its closing
    quote (`""` is a quote inside it), an unquoted one at a space; escapes stay in. A closing
    quote with more right after it ({"a", "b"}) starts another argument there, and the quotes
    meant to be printed are gone: a problem."""
    args, i, n = [], 0, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n:
            break
        arg, quoted = "", s[i] == '"'
        if quoted:
            i += 1
        while i < n:
            c = s[i]
            if c == "\\" and i + 1 < n:
                arg += s[i:i + 2]
                i += 2
            elif quoted and c == '"':
                if s[i + 1:i + 2] == '"':
                    arg += '"'
                    i += 2
                    continue
                i += 1
                if i < n and s[i] not in " \t":
                    problems.append(f"quotes: {where}: a quoted argument ends before "
                                    f"{s[i:i + 12]!r}; to print quotes, write \\(dq")
                break
            elif not quoted and c in " \t":
                break
            else:
                arg += c
                i += 1
        args.append(arg)
    return args


def plain(s, where):
    """s without its escapes, as -Tascii prints it. A trailing \\c comes back as True."""
    out, i, n, join_next = [], 0, len(s), False
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        i += 2
        if e == '"':
            break
        if e in "f":  # font: \fB, \f(CW, \f[BI]
            if s[i:i + 1] == "(":
                i += 3
            elif s[i:i + 1] == "[":
                i = s.index("]", i) + 1
            else:
                i += 1
        elif e in "(*[":
            if e == "*":  # a string: \*(xx, \*[name], \*x
                raise PageError(f"{where}: string {s[i - 2:i + 3]!r}: not known to this check")
            if e == "(":
                name, i = s[i:i + 2], i + 2
            else:
                j = s.index("]", i)
                name, i = s[i:j], j + 1
            if name not in GLYPHS:
                raise PageError(f"{where}: \\({name}: not known to this check (GLYPHS)")
            out.append(GLYPHS[name])
        elif e in "-":
            out.append("-")
        elif e in "e\\":
            out.append("\\")
        elif e in "&|^%:":
            pass
        elif e in " ~0":
            out.append(" ")
        elif e == "c":
            join_next = True
        elif e in ".'`":
            out.append(e)
        else:
            raise PageError(f"{where}: escape \\{e}: not known to this check")
    return "".join(out), join_next


def bad_join(left, right):
    """Would joining these two pieces glue two words together?"""
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    a, b = left[-1], right[0]
    if a.isalnum() and b.isalnum():
        return True
    # An option glued to what comes before it: ".BR sriovctl \\-f" reads "sriovctl-f".
    if (a.isalnum() or a == "-") and b == "-":
        return True
    return a in CLOSING and (b.isalnum() or b in "[(")


def logical_lines(lines):
    """(line number, line) with lines that end in an escaped newline joined to the next."""
    out, start, acc = [], None, ""
    for no, line in enumerate(lines, 1):
        start = no if start is None else start
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2:
            acc += line[:-1]
            continue
        out.append((start, acc + line))
        start, acc = None, ""
    if start is not None:
        out.append((start, acc))
    return out


def source_text(lines, name, problems):
    """The page's text as its author wrote the words, one string."""
    out, join = [], False
    for no, line in logical_lines(lines):
        where = f"{name}:{no}"
        if line.startswith((".", "'")):
            req = line[1:].lstrip()
            if req.startswith('\\"') or not req:
                continue
            mac, _, rest = req.partition(" ")
            args = macro_args(rest, where, problems)
            if mac in FONT_ONE or mac in HEADINGS:
                pieces = [plain(a, where) for a in args]
                text = " ".join(p for p, _ in pieces)
                cont = bool(pieces) and pieces[-1][1]
            elif mac in FONT_ALT:
                text, cont = "", False
                for a in args:
                    p, cont = plain(a, where)
                    text += (" " if bad_join(text, p) else "") + p
            elif mac == "IP":
                text, cont = plain(args[0], where) if args else ("", False)
            elif mac in NO_TEXT:
                continue
            else:
                raise PageError(f"{where}: .{mac}: not known to this check")
        else:
            text, cont = plain(line, where)
        out.append(("" if join else "\n") + text)
        join = cont
    return "".join(out)


def mark_tag_bodies(lines):
    """The page with a marker line where each .TP's body begins."""
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        if re.match(r"\.TP\b", lines[i]):
            j = i + 1
            # The tag is one input line, or more when it ends in \c or is a bare font macro.
            while j < len(lines) and (lines[j].rstrip().endswith("\\c") or
                                      re.fullmatch(r"\.(B|I|SM|SB)\s*", lines[j])):
                j += 1
            out.extend(lines[i + 1:j + 1])
            nxt = lines[j + 1] if j + 1 < len(lines) else ""
            out.append(MARKER_MACRO if re.match(r"\.(B|I|BR|RB|IR|RI|BI|IB|SM|SB)\s", nxt)
                       else MARKER_TEXT)
            i = j
        i += 1
    return out


def render(lines):
    """groff's text of the page, as man(1) makes it, on long lines and without hyphenation."""
    r = subprocess.run(["groff", "-man", "-Tascii", "-P-cbou", "-rHY=0", "-rLL=4000n",
                        "-rLT=4000n"], input="\n".join(lines) + "\n", capture_output=True,
                       text=True, check=True)
    out = r.stdout.splitlines()
    while out and not out[-1].strip():
        out.pop()
    # The first line is the header, the last the footer.
    return out[0], out[1:-1], out[-1]


METAVAR = re.compile(r"[\[|]*[A-Z][A-Z0-9_]+([=:/|.\[\]-]+[A-Z0-9_]*)*[\]|.]*")
LEFTOVER = re.compile(r"\\[fF(*&ce\-\[]|(^|\s)\.(B|I|BR|RB|IR|RI|BI|IB|SM|SB|TP|IP|PP|LP|SH|SS|"
                      r"RS|RE|TH|br|sp|nf|fi|in|EX|EE)(\s|$)")


def unmarked(line):
    for m in MARKERS:
        line = line.replace(m, "")
    return " ".join(line.split())


def check_page(path, version, date):
    name = path.rsplit("/", 1)[-1]
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    problems = []
    words = set(source_text(lines, name, problems).split())
    _, body, footer = render(mark_tag_bodies([line for _, line in logical_lines(lines)]))

    for line in body:
        toks = line.split()
        for k, tok in enumerate(toks):
            if tok in MARKERS:
                after = [t for t in toks[k + 1:k + 3] if t not in MARKERS]
                if after and (after[0][0] in "[]|" or
                              (tok == MARKER_MACRO and len(after) > 1 and
                               METAVAR.fullmatch(after[0]) and re.match(r"[A-Z][a-z]", after[1]))):
                    problems.append(f"tag: a .TP body starts with the end of its tag: "
                                    f"{' '.join(after)!r}")
            elif re.fullmatch(r"[,)][.,;:)]*", tok) or re.match(r"[,)]\w", tok):
                problems.append(f"words: {tok!r} is set apart from the word before it: "
                                f"{unmarked(line)[:120]!r}")
            elif tok not in words:
                ctx = unmarked(line)
                k = ctx.find(tok)
                problems.append(f"words: {tok!r} is no word of the source: "
                                f"...{ctx[max(0, k - 40):k + len(tok) + 40]}...")
        if LEFTOVER.search(unmarked(line)):
            problems.append(f"markup: {unmarked(line)[:100]!r}")

    para = []
    for line in body + [""]:
        if line.strip():
            para.append(unmarked(line))
            continue
        if sum(p.count('"') for p in para) % 2:
            problems.append(f"quotes: an odd number of \" in: {' '.join(para)[:160]!r}")
        para = []

    footer = " ".join(footer.split())
    if f"libsriov {version}" not in footer or date not in footer:
        problems.append(f"footer: {footer!r} is not \"libsriov {version}\" of {date}")
    return problems


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: check-rendered.py VERSION DATE PAGE...")
    version, date, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = 0
    for page in pages:
        try:
            problems = check_page(page, version, date)
        except PageError as e:
            problems = [str(e)]
        for p in problems:
            print(f"man: {page}: {p}")
        failed += bool(problems)
        if not problems:
            print(f"man: {page}: renders clean")
    print(f"man rendering: {len(pages) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
