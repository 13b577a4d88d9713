export {
  type AccessService,
  type AuditRecord,
  createAccessService,
  type Decision,
  GUEST,
  type Identity,
} from './access.service.ts';
