// The sign-in form: a user's name and password, checked against the server before the page uses them.
import { useState } from 'preact/hooks';
import { verifyCredentials, type Credentials } from './credentials.js';

export interface SignInProps {
  readonly onSignIn: (credentials: Credentials) => void;
  /** Absent when the server needs credentials: the form cannot be dismissed. */
  readonly onCancel?: () => void;
}

export function SignIn({ onSignIn, onCancel }: SignInProps) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setChecking(true);
    setError(undefined);
    try {
      const credentials = { user: user.trim(), password };
      if (await verifyCredentials(credentials)) onSignIn(credentials);
      else setError('wrong name or password');
    } catch (err) {
      setError(`could not sign in: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div class="signin" role="dialog" aria-modal="true" aria-label="Sign in">
      <form onSubmit={(event) => void submit(event)}>
        <h2>Sign in</h2>
        <label>
          Name
          <input name="user" autocomplete="username" required value={user} onInput={(event) => setUser(event.currentTarget.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(event) => setPassword(event.currentTarget.value)} />
        </label>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <div class="actions">
          {onCancel ? (
            <button type="button" class="secondary" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
          <button type="submit" disabled={checking}>
            Sign in
          </button>
        </div>
      </form>
    </div>
  );
}
