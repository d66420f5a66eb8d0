# shellcheck shell=bash
# Chromium and ChromeDriver for the browser tests (sourced by scripts/test.sh; needs common.sh).
#
#   browser_provide: $GOVERNANCE_TEST_CHROMIUM and $GOVERNANCE_TEST_CHROMEDRIVER if both are set; else
#                    Debian's /usr/bin/chromium and /usr/bin/chromedriver (packages 'chromium' and
#                    'chromium-driver', installed with apt when missing). Checks that the two are one
#                    version and exports both paths for the browser tests.
#
# Nothing is started here, so there is nothing to stop: each test fixture starts its own chromedriver,
# which starts Chromium headless.

browser_provide() {
    local chromium chromedriver
    if [[ -n "${GOVERNANCE_TEST_CHROMIUM:-}" && -n "${GOVERNANCE_TEST_CHROMEDRIVER:-}" ]]; then
        note "using GOVERNANCE_TEST_CHROMIUM and GOVERNANCE_TEST_CHROMEDRIVER from the environment"
        chromium=$GOVERNANCE_TEST_CHROMIUM chromedriver=$GOVERNANCE_TEST_CHROMEDRIVER
    else
        chromium=/usr/bin/chromium chromedriver=/usr/bin/chromedriver
        if [[ ! -x "$chromium" || ! -x "$chromedriver" ]]; then
            # chromium-driver depends on chromium of its own version: one install brings (or
            # upgrades) both.
            apt_install chromium-driver "Chromium or ChromeDriver not found" || {
                echo "Install the 'chromium' and 'chromium-driver' packages, or set GOVERNANCE_TEST_CHROMIUM and GOVERNANCE_TEST_CHROMEDRIVER." >&2
                return 1
            }
            [[ -x "$chromium" ]] || apt_install chromium "Chromium not found after installing chromium-driver" || return 1
        fi
    fi
    local browser_version driver_version
    browser_version="$(browser_version_of "$chromium")" || {
        echo "$chromium --version did not answer with a version" >&2
        return 1
    }
    driver_version="$(browser_version_of "$chromedriver")" || {
        echo "$chromedriver --version did not answer with a version" >&2
        return 1
    }
    # ChromeDriver drives only the Chromium it was built with; Debian ships the two in lockstep.
    if [[ "$browser_version" != "$driver_version" ]]; then
        echo "Chromium $browser_version ($chromium) and ChromeDriver $driver_version ($chromedriver) differ; install one version of both" >&2
        return 1
    fi
    export GOVERNANCE_TEST_CHROMIUM="$chromium" GOVERNANCE_TEST_CHROMEDRIVER="$chromedriver"
    note "Chromium and ChromeDriver $browser_version ($chromium, $chromedriver)"
}

# browser_version_of PROGRAM: the four-part version PROGRAM --version prints ("Chromium 156.0.8078.114
# built on Debian ...", "ChromeDriver 156.0.8078.114 (...)").
browser_version_of() {
    local out
    out="$(timeout 60 "$1" --version 2>/dev/null)" || return 1
    grep -oE '[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+' <<<"$out" | head -n 1 | grep .
}
