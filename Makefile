# The task runner: every command the README names is a target here.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp

.PHONY: help deps up down backup restore monitoring-up monitoring-down build images run-local test test-java test-nginx test-nginx-resend test-stack test-monitoring test-jobs test-faults test-fuzz test-backup test-secrets test-vulns test-pipeline test-ansible bench lab lint fmt clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

deps: ## Install the Debian packages the build and the tests need (when missing)
	scripts/install-deps.sh

up: deps ## Bring the whole product up as a Docker Swarm stack (installs Docker when missing)
	scripts/up.sh

down: ## Remove the stack; KEEP_DATA=0 also removes the database volume
	scripts/down.sh

backup: ## Dump the running stack's database to .local/backups/
	scripts/backup.sh

restore: ## Restore a dump into the running stack: make restore FILE=.local/backups/...
	@test -n "$(FILE)" || { echo "usage: make restore FILE=path/to/dump" >&2; exit 2; }
	scripts/restore.sh "$(FILE)"

monitoring-up: ## Add Prometheus (alerts, http://localhost:9090) to the running stack
	scripts/monitoring-up.sh

monitoring-down: ## Remove the monitoring stack
	scripts/monitoring-down.sh

build: ## Build the four services' jars without running tests
	$(MVN) package -DskipTests

images: build ## Build every container image (offline base images when no registry answers)
	scripts/build-images.sh

run-local: ## Run the four services on localhost:8080-8083 without Docker
	scripts/run-local.sh

test: deps lint test-java test-nginx test-stack test-secrets test-vulns test-pipeline test-ansible ## Run every test of the project

test-java: ## Unit, Quarkus, database and system tests of the services
	$(MVN) verify

test-nginx: ## Unit tests of nginx's Lua modules (nginx/lua), with LuaJIT
	for suite in nginx/test/*_test.lua; do luajit "$$suite" || exit 1; done

test-nginx-resend: ## nginx resends a keyed POST that a closing task dropped, on the built image (the stack test runs it)
	scripts/test-nginx-resend.sh

test-stack: ## End-to-end tests against a freshly deployed local stack (browser, monitoring, jobs, fuzz, faults, backup)
	scripts/test-stack.sh

test-backup: ## A backup taken under load restores into a fresh stack with the same rows (the stack test runs it too)
	scripts/test-backup.sh

test-secrets: ## No secret in the repository (with its history) or in any layer of the images
	scripts/scan-secrets.sh

test-vulns: ## Every image has all of Debian's published security fixes (bookworm-security)
	scripts/check-vulnerabilities.sh

test-monitoring: ## Prometheus targets and the ServiceDown alert, against a stack already up (make up)
	scripts/test-monitoring.sh

test-faults: ## Rolling updates and a PostgreSQL kill under load, against a stack already up (make up; the stack test runs it too)
	scripts/test-faults.sh

test-jobs: ## Scheduled jobs against a stack already up (make up; the stack test runs it too)
	scripts/test-jobs.sh

test-fuzz: ## 1000+ malformed requests against a stack already up (make up): no 5xx, problem+json, nothing stored
	scripts/test-fuzz.sh

test-pipeline: ## The delivery pipeline's scripts in order on the local swarm, with a forced rollback
	SKIP_BUILD=1 scripts/test-pipeline.sh

test-ansible: ## Provision a 3-host lab with Ansible: failover, node removal, 3 managers
	scripts/test-ansible.sh

bench: ## Benchmark the local stack (deploys it when down): bench/results/latest/
	bench/run.sh

lab: ## Start a 3-host lab on this machine and provision it with the playbook
	scripts/lab.sh deploy

lint: ## Static checks of scripts and YAML
	scripts/lint.sh

fmt: ## Format the Java sources
	$(MVN) spotless:apply

clean: ## Remove build outputs
	$(MVN) -q clean
