import type { Entity } from '@paved/client';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPortal, testClient } from '../../test/render.tsx';
import { ApiDefinitionView } from './ApiDefinitionView.tsx';

/** A demo API as the catalog serves it (its `$text` definition already resolved). */
async function demoApi(name: string): Promise<Entity> {
  const entity = await testClient().getEntityByRef(`api:default/${name}`);
  if (!entity) throw new Error(`the demo catalog has no api:default/${name}`);
  return entity;
}

function apiWith(spec: Record<string, unknown>): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'API', metadata: { name: 'broken-api' }, spec };
}

/** The highlighted source region's text, once Shiki has loaded. */
async function sourceText(name: string): Promise<string> {
  const region = await screen.findByRole('region', { name: `Source of ${name}` }, { timeout: 10_000 });
  return region.textContent ?? '';
}

describe('ApiDefinitionView', () => {
  it('shows a GraphQL schema as highlighted source, and has no Raw switch for it', async () => {
    renderPortal(<ApiDefinitionView entity={await demoApi('storefront-graphql')} />);
    expect(await sourceText('storefront-graphql')).toContain('type Query {');
    expect(screen.getByText('GraphQL', { selector: '.mantine-Badge-label' })).toBeTruthy();
    // Tokens are coloured by both themes at once (CSS variables), so the scheme can switch freely.
    const region = screen.getByRole('region', { name: 'Source of storefront-graphql' });
    expect(region.querySelector('[style*="--shiki-dark"]')).toBeTruthy();
    expect(screen.queryByRole('switch', { name: 'Raw' })).toBeNull();
  });

  it('shows a gRPC .proto as highlighted source', async () => {
    renderPortal(<ApiDefinitionView entity={await demoApi('payments-api')} />);
    expect(await sourceText('payments-api')).toContain('service PaymentService {');
    expect(screen.getByRole('button', { name: 'Download payments-api.proto' })).toBeTruthy();
  });

  it('renders an AsyncAPI 3 document: servers, channels, operations and payload trees', async () => {
    renderPortal(<ApiDefinitionView entity={await demoApi('order-events')} />);
    const view = await screen.findByTestId('asyncapi-view', {}, { timeout: 10_000 });
    expect(within(view).getByRole('heading', { level: 2, name: 'Order events' })).toBeTruthy();
    expect(within(view).getByRole('heading', { level: 4, name: 'orders.order-placed.v2' })).toBeTruthy();
    expect(within(view).getAllByText('send').length).toBe(2);
    expect(within(view).getByRole('heading', { level: 5, name: 'OrderPlaced' })).toBeTruthy();
    const payload = within(view).getByRole('list', { name: 'Payload of OrderPlaced' });
    expect(within(payload).getByText('orderNumber')).toBeTruthy();
    // $refs are followed and named: lines is an array of OrderLine, whose unitPrice is Money.
    expect(within(payload).getByText('array of OrderLine')).toBeTruthy();
    expect(within(payload).getAllByText('Money (object)').length).toBe(2);
    // Headers come from the message trait.
    expect(within(view).getByRole('list', { name: 'Headers of OrderPlaced' }).textContent).toContain(
      'eventId',
    );
    expect(within(view).getByText('kafka-1.event-bus.internal.acme-retail.example:9093')).toBeTruthy();
  });

  it('renders an AsyncAPI 2 document with publish/subscribe and oneOf messages', async () => {
    renderPortal(<ApiDefinitionView entity={await demoApi('product-events')} />);
    const view = await screen.findByTestId('asyncapi-view', {}, { timeout: 10_000 });
    expect(within(view).getByRole('heading', { level: 4, name: 'catalog.product-changed.v1' })).toBeTruthy();
    expect(within(view).getAllByText('subscribe').length).toBe(2);
    for (const message of ['ProductUpserted', 'ProductDiscontinued', 'PriceChanged']) {
      expect(within(view).getByRole('heading', { level: 5, name: message })).toBeTruthy();
    }
    const price = within(view).getByRole('list', { name: 'Payload of PriceChanged' });
    expect(within(price).getByText('^[A-Z]{2}$')).toBeTruthy();
  });

  it('renders OpenAPI in Swagger UI and switches to the source with Raw, kept in the URL', async () => {
    const { router } = renderPortal(<ApiDefinitionView entity={await demoApi('checkout-api')} />, {
      path: '/catalog/default/api/checkout-api/definition',
    });
    const view = await screen.findByTestId('openapi-view', {}, { timeout: 10_000 });
    // Swagger UI lists the operations by path.
    await waitFor(() => expect(view.textContent).toContain('/baskets'), { timeout: 10_000 });
    // Swagger UI's unnamed server picker gets a name (swaggerAccessibility.ts).
    expect(within(view).getByRole('combobox', { name: 'Server' })).toBeTruthy();

    await userEvent.click(screen.getByRole('switch', { name: 'Raw' }));
    expect(await sourceText('checkout-api')).toContain('openapi: 3.0.3');
    expect(router.state.location.search).toBe('?definition=source');
    expect(screen.queryByTestId('openapi-view')).toBeNull();
  });

  it('shows a definition that does not parse as source, with the parse error and its line', async () => {
    const definition = 'openapi: 3.0.3\ninfo:\n  title: Broken\n  version: [1.0\npaths: {}\n';
    renderPortal(<ApiDefinitionView entity={apiWith({ type: 'openapi', definition })} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The definition could not be parsed');
    expect(alert.textContent).toMatch(/line 5, column 1/);
    expect(await sourceText('broken-api')).toContain('title: Broken');
  });

  it('says when a parsed document is not of its type', async () => {
    renderPortal(
      <ApiDefinitionView entity={apiWith({ type: 'asyncapi', definition: 'openapi: 3.0.0\n' })} />,
    );
    expect(await screen.findByText('Not a valid AsyncAPI document')).toBeTruthy();
    expect(await sourceText('broken-api')).toContain('openapi: 3.0.0');
  });

  it('shows an API of a type it has no viewer for as source, with a note', async () => {
    const definition = '{\n  "type": "record",\n  "name": "Order"\n}\n';
    renderPortal(<ApiDefinitionView entity={apiWith({ type: 'avro', definition })} />);
    expect(await screen.findByText('No viewer for "avro" APIs')).toBeTruthy();
    expect(await sourceText('broken-api')).toContain('"name": "Order"');
    expect(screen.getByRole('button', { name: 'Download broken-api.json' })).toBeTruthy();
  });

  it('explains an API without a definition', async () => {
    renderPortal(<ApiDefinitionView entity={apiWith({ type: 'openapi' })} />);
    expect(await screen.findByText('No definition')).toBeTruthy();
  });
});
