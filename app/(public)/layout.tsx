import type { Metadata } from "next";
import { PublicFrame } from "@/components/public/public-frame";
import { env, siteUrl } from "@/lib/env";

export function generateMetadata(): Metadata {
  const siteName = env().SITE_NAME;
  return {
    metadataBase: new URL(siteUrl()),
    alternates: {
      types: {
        "application/rss+xml": [{ url: "/feed.xml", title: `${siteName} (RSS)` }],
        "application/atom+xml": [{ url: "/atom.xml", title: `${siteName} (Atom)` }],
      },
    },
    openGraph: { siteName, type: "website" },
    twitter: { card: "summary" },
  };
}

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return <PublicFrame>{children}</PublicFrame>;
}
