# Shared by scripts/run and scripts/test: make .venv with Python >= 3.11 and install the project.
# Usage: ensure_venv EXTRAS   (EXTRAS: "" or "dev")
ensure_venv() {
    local extras=$1 py=${PYTHON:-python3}
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "duban needs Python 3.11 or newer; '$py' is $("$py" --version 2>&1 || echo missing)." >&2
        echo "Set PYTHON=/path/to/python3.11 and try again." >&2
        exit 1
    fi
    [ -x .venv/bin/python ] || "$py" -m venv .venv
    local stamp=".venv/.installed-${extras:-base}"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        local spec="."
        [ -n "$extras" ] && spec=".[$extras]"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
        touch "$stamp"
    fi
}
