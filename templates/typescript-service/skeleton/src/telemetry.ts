import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Whether traces are exported: an OTLP endpoint is set and OTEL_SDK_DISABLED is not true. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Registers the global tracer provider (W3C trace-context propagation, async-hooks context) and,
 * when tracing is enabled, exports spans over OTLP/HTTP (protobuf). The exporter reads
 * OTEL_EXPORTER_OTLP_ENDPOINT, _HEADERS and _TIMEOUT; OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES override the resource below; the sampler reads OTEL_TRACES_SAMPLER.
 * Answers a function that flushes and stops it.
 */
export function startTracing(serviceName: string, version: string): () => Promise<void> {
  const detected = detectResources({ detectors: [envDetector] });
  const resource = resourceFromAttributes({ 'service.name': serviceName, 'service.version': version }).merge(detected);
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: tracingEnabled() ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [],
  });
  provider.register();
  return () => provider.shutdown();
}
