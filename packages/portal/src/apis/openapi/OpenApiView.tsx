import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import SwaggerUI, { type SwaggerUIPlugin } from 'swagger-ui-react';
import 'swagger-ui-react/swagger-ui.css';
import classes from './OpenApiView.module.css';
import { patchSwaggerAccessibility } from './swaggerAccessibility.ts';

/**
 * Swagger UI would link a badge to validator.swagger.io, which fetches the spec from there; the
 * portal never calls out (and its Content-Security-Policy would block it). swagger-ui-react does not
 * pass `validatorUrl` through, so the badge component is replaced instead.
 */
const withoutValidatorBadge: SwaggerUIPlugin = () => ({ components: { onlineValidatorBadge: () => null } });
const plugins = [withoutValidatorBadge];

/**
 * Follows the portal's colour scheme. Swagger UI's dark theme is switched by a `dark-mode` class on
 * <html>, so it is set while this view is shown in dark mode and removed when it goes away.
 */
function useSwaggerDarkMode() {
  const dark = useComputedColorScheme('light') === 'dark';
  useEffect(() => {
    if (!dark) return;
    document.documentElement.classList.add('dark-mode');
    return () => document.documentElement.classList.remove('dark-mode');
  }, [dark]);
}

/** An OpenAPI (or Swagger 2) document in Swagger UI, with "Try it out". */
export function OpenApiView({ spec }: { spec: object }) {
  useSwaggerDarkMode();
  const surface = useRef<HTMLDivElement>(null);
  useEffect(() => (surface.current ? patchSwaggerAccessibility(surface.current) : undefined), []);
  return (
    <div ref={surface} className={classes.surface} data-testid="openapi-view">
      <SwaggerUI
        spec={spec}
        plugins={plugins}
        docExpansion="list"
        defaultModelsExpandDepth={0}
        deepLinking={false}
      />
    </div>
  );
}
