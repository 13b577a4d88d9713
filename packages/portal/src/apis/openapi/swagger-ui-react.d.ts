// swagger-ui-react ships no types and @types/swagger-ui-react is not installed; this declares the
// part of its props the portal uses (see node_modules/swagger-ui-react/README.md for all of them).
declare module 'swagger-ui-react' {
  import type { ComponentType } from 'react';

  /** A Swagger UI plugin: here only component overrides. */
  export type SwaggerUIPlugin = () => { components?: Record<string, ComponentType<unknown>> };

  export interface SwaggerUIProps {
    spec?: object | string;
    url?: string;
    plugins?: SwaggerUIPlugin[];
    docExpansion?: 'list' | 'full' | 'none';
    defaultModelsExpandDepth?: number;
    deepLinking?: boolean;
    tryItOutEnabled?: boolean;
    displayRequestDuration?: boolean;
    persistAuthorization?: boolean;
    onComplete?: () => void;
  }

  const SwaggerUI: ComponentType<SwaggerUIProps>;
  export default SwaggerUI;
}
