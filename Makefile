# The two quick-start commands. Each installs what it needs first (scripts/setup.sh).
.PHONY: demo test bench

demo:
	@scripts/setup.sh demo
	@npx triage demo

test:
	@scripts/setup.sh test
	@npm test

bench:
	@scripts/setup.sh test
	@npm run bench
