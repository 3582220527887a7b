{{/*
The five services: their fixed facts (container port, image name, what infrastructure each uses).
Everything operators tune lives in values.yaml under the service's key.
*/}}
{{- define "portal.services" -}}
catalog:   {port: 8081, image: catalog-service,   title: catalog-service,   database: true,  opensearch: false}
search:    {port: 8082, image: search-service,    title: search-service,    database: false, opensearch: true}
techdocs:  {port: 8083, image: techdocs-service,  title: techdocs-service,  database: true,  opensearch: false}
scorecard: {port: 8084, image: scorecard-service, title: scorecard-service, database: true,  opensearch: false}
gateway:   {port: 8080, image: gateway,           title: gateway,           database: false, opensearch: false}
{{- end }}

{{- define "portal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "portal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of a component's resources: <fullname>-<component>. Call with (dict "root" $ "name" "catalog"). */}}
{{- define "portal.componentName" -}}
{{- printf "%s-%s" (include "portal.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "portal.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "portal.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "portal.selectorLabels" . }}
app.kubernetes.io/part-of: portal
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "portal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "portal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* [registry/]prefix/image:tag — the same names deploy/images/build-images.sh gives the image tars. */}}
{{- define "portal.image" -}}
{{- $v := .root.Values.image }}
{{- $repo := printf "%s/%s" $v.repositoryPrefix .image | trimPrefix "/" }}
{{- if $v.registry }}{{ $repo = printf "%s/%s" $v.registry $repo }}{{ end }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $v.tag) }}
{{- end }}

{{/* The Secret holding a database service's password: existingSecret, else the conventional <fullname>-<svc>-db. */}}
{{- define "portal.dbSecretName" -}}
{{- $db := (index .root.Values .name).database }}
{{- default (printf "%s-db" (include "portal.componentName" .)) $db.existingSecret }}
{{- end }}

{{/* Egress ports of the Kafka brokers: kafka.kafkaPorts, else the ports of the bootstrap servers (deduplicated). */}}
{{- define "portal.kafkaPorts" -}}
{{- $ports := list }}
{{- if .Values.networkPolicy.kafkaPorts }}
{{- $ports = .Values.networkPolicy.kafkaPorts }}
{{- else }}
{{- range splitList "," .Values.kafka.bootstrapServers }}
{{- $hostPort := splitList ":" (trim .) }}
{{- $ports = append $ports (atoi (last $hostPort)) }}
{{- end }}
{{- end }}
{{- toJson (uniq $ports) }}
{{- end }}

{{/* The port of a URL (explicit, else 443 for https and 80 for http). */}}
{{- define "portal.urlPort" -}}
{{- $u := urlParse . }}
{{- $hostPort := splitList ":" $u.host }}
{{- if gt (len $hostPort) 1 }}{{ last $hostPort }}{{ else if eq $u.scheme "https" }}443{{ else }}80{{ end }}
{{- end }}

{{/* Fail early, with the value to set, on combinations that could only fail at run time. */}}
{{- define "portal.validate" -}}
{{- if and (hasPrefix "SASL" .Values.kafka.securityProtocol) (not .Values.kafka.sasl.existingSecret) }}
{{- fail "kafka.sasl.existingSecret is required when kafka.securityProtocol is SASL_PLAINTEXT or SASL_SSL (a Secret holding the SASL password)" }}
{{- end }}
{{- if and (hasPrefix "SASL" .Values.kafka.securityProtocol) (not .Values.kafka.sasl.username) }}
{{- fail "kafka.sasl.username is required when kafka.securityProtocol is SASL_PLAINTEXT or SASL_SSL" }}
{{- end }}
{{- if and .Values.opensearch.username (not .Values.opensearch.existingSecret) }}
{{- fail "opensearch.existingSecret is required when opensearch.username is set (a Secret holding the password)" }}
{{- end }}
{{- end }}
