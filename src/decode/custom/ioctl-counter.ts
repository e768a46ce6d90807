// ioctl requests of the counter character device (type '>'), as strace's counter_ioctl prints them.
import { inStruct, type Layout, type Shape } from './ioctl-shape.js';

/** struct counter_component (include/uapi/linux/counter.h): four __u8. */
const COUNTER_COMPONENT: Layout = {
  size: 4,
  fields: [
    ['type', 0, { enum: 'counter_ioctl_component_types', t: 'u8' }],
    ['scope', 1, { enum: 'counter_ioctl_scopes', t: 'u8' }],
    ['parent', 2, 'u8'],
    ['id', 3, 'u8'],
  ],
};

/** struct counter_watch (include/uapi/linux/counter.h): the component, then event and channel (__u8 each). */
const COUNTER_WATCH: Layout = {
  size: 6,
  fields: [
    ['component', 0, { struct: COUNTER_COMPONENT }],
    ['event', 4, { enum: 'counter_ioctl_event_types', t: 'u8' }],
    ['channel', 5, 'u8'],
  ],
};

// biome-ignore format: one request per line
export const COUNTER_SHAPES: Readonly<Record<string, Shape>> = {
  COUNTER_ADD_WATCH_IOCTL: inStruct(COUNTER_WATCH),
  COUNTER_ENABLE_EVENTS_IOCTL: { none: true },
  COUNTER_DISABLE_EVENTS_IOCTL: { none: true },
};
