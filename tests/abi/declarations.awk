# tests/abi/declarations.awk: used by check-symbols.sh.
# Declarations of sriov_* functions, one per line, whitespace collapsed: from the header
# (mode "header") or from a man page's SYNOPSIS (mode "man").
function flush() {
        gsub(/[ \t]+/, " ", decl); gsub(/\( /, "(", decl); gsub(/ \)/, ")", decl)
        gsub(/^ | $/, "", decl)
        if (match(decl, /sriov_[a-z0-9_]+\(/))
                print substr(decl, RSTART, RLENGTH - 1) "\t" decl
        decl = ""; open = 0
}
mode == "man" && /^\.SH SYNOPSIS/ { in_syn = 1; next }
mode == "man" && /^\.SH / { in_syn = 0 }
mode == "man" {
        if (!in_syn || $0 !~ /^\.B /) next
        line = substr($0, 4); gsub(/^"|"$/, "", line)
}
mode == "header" {
        line = $0
        if (line ~ /^[ \t]*(\/?\*|\*)/ || line ~ /^#/) next  # comments, preprocessor
        sub(/\/\*.*\*\//, "", line)
}
{
        if (!open && line !~ /sriov_[a-z0-9_]+\(/) next
        if (!open && line ~ /^[ \t]*(typedef|return|static|struct [a-z_]+ \{)/) next
        decl = decl " " line; open = 1
        if (line ~ /;[ \t]*$/) flush()
}
