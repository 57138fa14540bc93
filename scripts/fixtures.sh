#!/usr/bin/env bash
# Regenerates every test fixture corpus with the real tools (OpenSSL, ssh-keygen, keytool,
# puttygen, python3 cryptography). Each area's script writes only its own folder and manifest;
# the base corpus (make-fixtures.sh) comes first because some areas read files from it.
set -euo pipefail
cd "$(dirname "$0")/../test/fixtures"
bash make-fixtures.sh
bash chains/make-chains.sh
python3 chains/make-profiles.py
bash desktop/make-desktop.sh
bash convert/make-convert.sh
bash formats/make-formats.sh
bash facts/make-facts.sh
bash handshake/make-handshake.sh
bash cli/make-cli.sh
bash keyfmt/make-keyfmt.sh
bash uiconvert/make-uiconvert.sh
