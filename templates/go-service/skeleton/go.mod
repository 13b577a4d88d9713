module ${{ values.goModule }}

go 1.23

require (
	github.com/prometheus/client_golang v1.20.5
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp v0.57.0
	go.opentelemetry.io/otel v1.32.0
	go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp v1.32.0
	go.opentelemetry.io/otel/sdk v1.32.0
{%- if values.database %}
	github.com/jackc/pgx/v5 v5.7.1
{%- endif %}
{%- if values.queue %}
	github.com/nats-io/nats.go v1.37.0
{%- endif %}
)
