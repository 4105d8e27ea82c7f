import { acceptInviteAction } from "@/app/invite/actions";
import { TokenPasswordPage, tokenPageMetadata } from "@/components/auth/token-password-page";
import { inspectAuthToken } from "@/lib/services/users";

export const metadata = tokenPageMetadata("Join the newsroom");
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <TokenPasswordPage
      title="Join the newsroom"
      state={await inspectAuthToken(token, "INVITE")}
      intro={(s) => `Welcome, ${s.name}. Choose a password for ${s.email}.`}
      action={acceptInviteAction.bind(null, token)}
      submitLabel="Set password and continue"
    />
  );
}
