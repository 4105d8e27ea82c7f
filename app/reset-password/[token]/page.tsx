import { resetPasswordAction } from "@/app/reset-password/actions";
import { TokenPasswordPage, tokenPageMetadata } from "@/components/auth/token-password-page";
import { inspectAuthToken } from "@/lib/services/users";

export const metadata = tokenPageMetadata("Choose a new password");
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <TokenPasswordPage
      title="Choose a new password"
      state={await inspectAuthToken(token, "PASSWORD_RESET")}
      intro={(s) => `For ${s.email}. Every existing session of this account will end.`}
      action={resetPasswordAction.bind(null, token)}
      submitLabel="Set new password"
    />
  );
}
