// Who the dashboard reads as: a user's name and password kept for the browser tab, sent as HTTP Basic.

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

const STORAGE_KEY = 'tally.credentials';

/** The Authorization header for `credentials`; none for anonymous (root, when the server is on loopback). */
export function authorizationOf(credentials: Credentials | undefined): string | undefined {
  if (!credentials) return undefined;
  const bytes = new TextEncoder().encode(`${credentials.user}:${credentials.password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The tab's signed-in user, if any: kept in sessionStorage, so that a reload stays signed in and a new tab does not. */
export function storedCredentials(): Credentials | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Credentials) : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredentials(credentials: Credentials | undefined): void {
  if (credentials) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** Checks `credentials` against the server: true when it accepts them, false when it answers 401. */
export async function verifyCredentials(credentials: Credentials): Promise<boolean> {
  const response = await fetch('/v1/views', { headers: { authorization: authorizationOf(credentials)! }, cache: 'no-store' });
  if (response.status === 401) return false;
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return true;
}
