/** The kinds of body a scenario provides and a controller preset is made for (checked when they meet). */
export type BodyKind = 'quadrotor' | 'arm';
