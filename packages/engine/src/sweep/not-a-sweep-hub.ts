/**
 * Why a hub without the sweep's parts (the live-event function's, composeEventHubWith) dead-letters
 * a sweep message: the sweep function reads the sweep queue, and nothing sends sweep messages to
 * the hub queue, so one there was misrouted (or forged) and a person should look.
 */
export const NOT_A_SWEEP_HUB = {
  code: 'sweep-not-configured',
  target:
    'this hub has no source of opted-in groups: sweep targets belong on the sweep queue, which the sweep function reads',
  deadline:
    'this hub keeps no sweep tally: sweep deadlines belong on the sweep queue, which the sweep function reads',
} as const;
