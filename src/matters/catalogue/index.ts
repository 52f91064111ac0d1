export * from './types.js';
export { MATTER_CATALOGUE, NEVER_REMOTE, findMatter, findNeverRemote } from './catalogue.js';
export {
  FIELD_PROBLEM_MESSAGES,
  RULE_PROBLEMS,
  TemplateValuesMissingError,
  applicableFields,
  fillTemplate,
  isApplicable,
  placeholders,
  renderWording,
  validateMatterFields,
  wordingFor,
  type FieldProblem,
  type FieldProblemCode,
  type MatterValidationOptions,
} from './template.js';
