# Conveniences; every target is one documented command.
IMG ?= imageclone:latest
# where copies go; deploy refuses to run without it (the manifests carry a placeholder the operator refuses)
REPOSITORY ?=

.PHONY: run test generate-rbac docker-build docker-push manifests deploy undeploy

run:
	dotnet run --project ImageClone.Operator

test:
	./test.sh

generate-rbac:
	dotnet run --project ImageClone.Operator -- generate rbac

docker-build:
	docker build -t $(IMG) .

docker-push:
	docker push $(IMG)

# the install manifests with IMG and REPOSITORY set (kustomize's images: entry and an env patch; no file is edited)
manifests:
	@bash config/render.sh "$(IMG)" "$(REPOSITORY)"

deploy:
	@test -n "$(REPOSITORY)" || { echo "make deploy: set REPOSITORY, e.g. make deploy IMG=$(IMG) REPOSITORY=quay.io/myorg" >&2; exit 2; }
	bash config/render.sh "$(IMG)" "$(REPOSITORY)" | kubectl apply -f -

undeploy:
	kubectl kustomize config | kubectl delete --ignore-not-found -f -
