/**
 * The admin function's non-HTTP events: constant inputs of the stack's EventBridge schedule. Kept
 * apart from the handler so the CDK stack can name them without loading the function's code.
 */

/** Republish the trust list when more than half of the stored list's validity has passed. */
export const PUBLISH_TRUST_LIST_TASK = { task: 'publish-trust-list' } as const;

/** How often the schedule sends {@link PUBLISH_TRUST_LIST_TASK}. */
export const PUBLISH_TRUST_LIST_EVERY_MINUTES = 60;
