# Love Bank — the two commands (see README.md):
#   make run    builds and serves the app on http://127.0.0.1:3000 with demo data
#   make test   runs every test (installs what it needs first)
.PHONY: run test lint unit e2e bundle-size screenshots

run:
	bash .ci/install-tools.sh
	LOVEBANK_DEMO_DATA=true LOVEBANK_DATA_DIR=data PATH="$(CURDIR)/target/tools/node_modules/.bin:$$PATH" \
		cargo leptos serve --release

test:
	bash .ci/test.sh

# One kind of test alone (tools must be installed: run `make test` once, or .ci/install-tools.sh).
lint:
	bash .ci/test.sh lint
unit:
	bash .ci/test.sh unit
e2e:
	bash .ci/test.sh e2e
bundle-size:
	bash .ci/bundle-size.sh
screenshots:
	bash .ci/test.sh build && cd end2end && node screenshots.mjs
