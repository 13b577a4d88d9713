export { type GitHostingRoutesOptions, gitHostingRoutes } from './gitHosting.routes.ts';
export {
  checkHostedRepository,
  createHostedRepository,
  hostedRepositoryPath,
  hostedRepositoryUrl,
  isHostedName,
} from './hostedRepositories.ts';
