// jsonb @> and <@: PostgreSQL's deep containment (JsonbDeepContains) over canonical text.
import { Numeric } from '../../types/numeric.js';
import { elementSpans, kindOf, member, forEachMember } from './jsonb-navigation.js';

const isContainer = (text: string): boolean => {
  const kind = kindOf(text);
  return kind === 'object' || kind === 'array';
};

/** Scalars are equal as jsonb values: numbers by numeric value, the rest by their canonical text. */
function scalarsEqual(a: string, b: string): boolean {
  if (kindOf(a) === 'number' && kindOf(b) === 'number') return Numeric.parse(a).compare(Numeric.parse(b)) === 0;
  return a === b;
}

const elementsOf = (text: string): string[] => elementSpans(text).map(([start, end]) => text.slice(start, end));

function deepContains(outer: string, inner: string): boolean {
  const outerKind = kindOf(outer);
  const innerKind = kindOf(inner);
  if (outerKind !== innerKind) return false;
  if (outerKind === 'object') {
    let contained = true;
    forEachMember(inner, (key, start, end) => {
      const wanted = inner.slice(start, end);
      const present = member(outer, key);
      if (present === undefined) contained = false;
      else if (isContainer(wanted)) contained = kindOf(present) === kindOf(wanted) && deepContains(present, wanted);
      else contained = !isContainer(present) && scalarsEqual(present, wanted);
      return !contained;
    });
    return contained;
  }
  if (outerKind === 'array') {
    const candidates = elementsOf(outer);
    return elementsOf(inner).every((wanted) =>
      isContainer(wanted)
        ? candidates.some((c) => kindOf(c) === kindOf(wanted) && deepContains(c, wanted))
        : candidates.some((c) => !isContainer(c) && scalarsEqual(c, wanted)),
    );
  }
  return scalarsEqual(outer, inner);
}

/** `outer @> inner`; at the top level an array also contains a scalar equal to one of its elements. */
export function jsonbContains(outer: string, inner: string): boolean {
  if (kindOf(outer) === 'array' && !isContainer(inner)) {
    return elementsOf(outer).some((e) => !isContainer(e) && scalarsEqual(e, inner));
  }
  return deepContains(outer, inner);
}
