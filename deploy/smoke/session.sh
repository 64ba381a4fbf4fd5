#!/usr/bin/env bash
# Sourced by the smoke/journey/local scripts: a person's browser session through FlowDocs' own sign-in
# pages (/account/login, /account/set-password), with curl and a cookie jar. The API accepts the UI's
# cookie, so a reviewer can act as themselves without an OAuth client of their own.

# The antiforgery token of the form in an HTML page.
form_token() {
  sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# session_sign_in BASE JAR EMAIL PASSWORD: signs in; the jar then holds the session cookie. Fails (1) with
# the page's error when FlowDocs does not redirect (wrong password, locked out, disabled).
session_sign_in() {
  local base=$1 jar=$2 email=$3 password=$4 page status
  page=$(mktemp)
  curl -sS --max-time 15 -c "$jar" -b "$jar" -o "$page" "$base/account/login" || { rm -f "$page"; return 1; }
  status=$(curl -sS --max-time 15 -c "$jar" -b "$jar" -o "$page" -w '%{http_code}' \
    --data-urlencode "__RequestVerificationToken=$(form_token "$page")" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "returnUrl=/" "$base/account/login" || echo 000)
  if [[ $status != 302 ]]; then
    echo "sign-in of $email answered $status: $(sed -n 's/.*<p class="error"[^>]*>\([^<]*\)<.*/\1/p' "$page" | head -n 1)" >&2
    rm -f "$page"
    return 1
  fi
  rm -f "$page"
}

# A query parameter of a URL, decoded.
link_parameter() {
  python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlsplit(sys.argv[1]).query)[sys.argv[2]][0])' "$1" "$2"
}

# session_set_password LINK PASSWORD: follows a one-time set-password link (from the user admin API).
session_set_password() {
  local link=$1 password=$2 page jar status
  page=$(mktemp)
  jar=$(mktemp)
  curl -sS --max-time 15 -c "$jar" -b "$jar" -o "$page" "$link" || { rm -f "$page" "$jar"; return 1; }
  status=$(curl -sS --max-time 15 -c "$jar" -b "$jar" -o "$page" -w '%{http_code}' \
    --data-urlencode "__RequestVerificationToken=$(form_token "$page")" \
    --data-urlencode "userId=$(link_parameter "$link" userId)" --data-urlencode "token=$(link_parameter "$link" token)" \
    --data-urlencode "password=$password" "${link%%/account/*}/account/set-password" || echo 000)
  rm -f "$page" "$jar"
  [[ $status == 302 ]] || { echo "setting the password answered $status" >&2; return 1; }
}
