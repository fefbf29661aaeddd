# Thin aliases for the npm scripts. `make demo` and `make test` each work on a fresh clone.
.PHONY: setup proto build test demo bench serve clean

setup:
	npm install --no-audit --no-fund

proto: setup
	npm run proto

build: setup
	npm run build

test: build
	npm test

demo: build
	npm run demo

bench: build
	npm run bench

serve: build
	node bin/qflow.js serve

clean:
	npm run clean
