/**
 * Whether a controller file fits a body, as located errors: each sensor channel the file reads
 * that the body lacks (or has with another size or unit) is reported at its entry in `sensors`,
 * and each actuator channel the body reads that the file does not write as expected at
 * `actuators` — file, line and path, with "did you mean" for a near name.
 */
import type { ChannelSpec } from '../../loop/channels.js';
import { ChannelMismatchError } from '../../loop/controlTick.js';
import { locateIssues } from '../../loop/specFile.js';
import { formatIssues, formatPath } from '../../loop/specIssues.js';
import type { SpecIssue } from '../../loop/specIssues.js';
import type { LoadedControllerSpec } from './loadControllerSpec.js';
import { didYouMean } from '../../loop/suggestName.js';

/** Throws a ChannelMismatchError with located messages when the file's channels do not fit. */
export function checkSpecChannelsFit(loaded: LoadedControllerSpec, body: { readonly sensors: readonly ChannelSpec[]; readonly actuators: readonly ChannelSpec[] }, bodyName: string): void {
  const issues: SpecIssue[] = [];
  const at = (keys: readonly PropertyKey[], message: string) => {
    const k = [...loaded.prefix, ...keys];
    issues.push({ path: formatPath(k), keys: k, message });
  };
  const compare = (mine: readonly ChannelSpec[], theirs: readonly ChannelSpec[], list: 'sensors' | 'actuators', verb: string) => {
    const byName = new Map(theirs.map((c) => [c.name, c]));
    mine.forEach((c, k) => {
      const o = byName.get(c.name);
      if (!o) at([list, k, 'name'], `${bodyName} has no ${list === 'sensors' ? 'sensor' : 'actuator'} channel '${c.name}'${didYouMean(c.name, byName.keys())}; it ${verb}: ${theirs.map((x) => `${x.name} (${x.size} × ${x.unit})`).join(', ')}`);
      else {
        if (o.size !== c.size) at([list, k, 'size'], `channel '${c.name}' has ${o.size} elements on ${bodyName}, the file says ${c.size}`);
        if (o.unit !== c.unit) at([list, k, 'unit'], `channel '${c.name}' is in '${o.unit}' on ${bodyName}, the file says '${c.unit}'`);
      }
    });
  };
  compare(loaded.sensors, body.sensors, 'sensors', 'provides');
  // Every actuator the body reads must be written; the file may not write channels the body lacks either.
  compare(loaded.actuators, body.actuators, 'actuators', 'reads');
  const written = new Set(loaded.actuators.map((c) => c.name));
  for (const b of body.actuators) if (!written.has(b.name)) at(['actuators'], `${bodyName} reads actuator channel '${b.name}' (${b.size} × ${b.unit}), which the file does not write`);
  if (issues.length > 0) throw new ChannelMismatchError(formatIssues(loaded.source, locateIssues(issues, loaded.text)));
}
