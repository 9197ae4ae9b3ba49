# Conveniences; every target is one documented command.
IMG ?= imageclone:latest

.PHONY: run test generate-rbac docker-build docker-push deploy undeploy

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

deploy:
	kubectl kustomize config | sed 's|image: imageclone:latest|image: $(IMG)|' | kubectl apply -f -

undeploy:
	kubectl kustomize config | kubectl delete --ignore-not-found -f -
