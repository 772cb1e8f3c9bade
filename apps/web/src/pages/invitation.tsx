import { Link, useLocation } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { errorCode } from '../api/errors';
import type { RouterOutputs } from '../api/trpc';
import { LoginForm } from '../auth/login-form';
import { useMe } from '../auth/session';
import { useAcceptInvitation } from '../features/organizations/api/accept-invitation';
import { useInvitation } from '../features/organizations/api/show-invitation';
import { SignUpByInvitation } from '../features/organizations/components/sign-up';
import { Page } from '../ui/page';
import { ProblemNotice } from '../ui/problem';
import { ErrorState, Loading } from '../ui/states';
import { when } from '../ui/when';

type Invitation = RouterOutputs['invitation']['show'];

/** An invitation token: 32 random bytes, base64url (the server's `invitationTokenInput`). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `/invitation#<token>`: what the link offers, then joining. The token is in the fragment, which
 * the browser sends to no server and in no Referer; the page sends it only in POST bodies. Logged
 * in, one button joins; logged out, log in or create an account, then join. Joined, the
 * organization is the active one and the products are next.
 */
export function InvitationPage(): ReactNode {
  const hash = useLocation({ select: (l) => l.hash });
  const token = TOKEN.test(hash) ? hash : null;
  const invitation = useInvitation(token);
  // Here, not in the offer: logging in clears every answer and the offer is drawn anew, after
  // which joining's refusal (if any) must still show.
  const accept = useAcceptInvitation();
  let body: ReactNode;
  if (token === null)
    body = (
      <p className="notice notice-invalid" role="alert">
        This invitation link is incomplete. Open the whole link you were sent.
      </p>
    );
  else if (invitation.data)
    body = <Offer token={token} invitation={invitation.data} accept={accept} />;
  else if (invitation.isPending) body = <Loading rows={3} />;
  else if (errorCode(invitation.error) === 'NOT_FOUND')
    body = (
      <p className="notice notice-not-found" role="alert">
        This invitation link does not exist, or it was withdrawn. Ask whoever sent it for a new one.
      </p>
    );
  else body = <ErrorState error={invitation.error} retry={() => void invitation.refetch()} />;
  return (
    <Page title="Invitation" size="narrow">
      {body}
    </Page>
  );
}

const whoSent = (invitation: Invitation) =>
  invitation.invitedBy === null ? '' : ` (invited by ${invitation.invitedBy})`;

function Offer(props: {
  token: string;
  invitation: Invitation;
  accept: ReturnType<typeof useAcceptInvitation>;
}): ReactNode {
  const { token, invitation, accept } = props;
  const me = useMe();
  const org = invitation.organization.name;
  const offer = `Join ${org} as ${invitation.roles.join(' and ')}${whoSent(invitation)}`;
  const ask = invitation.invitedBy ?? 'whoever sent it';
  if (invitation.status === 'accepted')
    return (
      <>
        <p className="lead">{offer}</p>
        <p className="notice notice-conflict" role="alert">
          This invitation has been used already: a link works once. If you still need to join {org},
          ask {ask} for a new one.
        </p>
      </>
    );
  if (invitation.status === 'expired')
    return (
      <>
        <p className="lead">{offer}</p>
        <p className="notice notice-conflict" role="alert">
          This invitation expired on {when(invitation.expiresAt)}. Ask {ask} for a new one.
        </p>
      </>
    );
  const user = me.data?.user ?? null;
  return (
    <>
      <p className="lead">{offer}</p>
      <p className="meta">The link works once, until {when(invitation.expiresAt)}.</p>
      <ProblemNotice error={accept.error} />
      {user !== null ? (
        <div className="card">
          <p>
            You are logged in as <strong>{user.username}</strong>.
          </p>
          <button
            type="button"
            className="button"
            disabled={accept.isPending}
            onClick={() => accept.mutate({ token })}
          >
            Join {org}
          </button>
        </div>
      ) : me.data ? (
        <div className="columns">
          <div className="card">
            <h2>I have an account</h2>
            {/* Logged in, the page turns into the one above, where joining shows its refusal. */}
            <LoginForm
              onLoggedIn={async () => {
                await me.refetch();
                accept.mutate({ token });
              }}
            />
          </div>
          <SignUpByInvitation token={token} email={invitation.email} />
        </div>
      ) : (
        <Loading rows={2} />
      )}
      <p className="meta">
        <Link to="/">Not now</Link>
      </p>
    </>
  );
}
