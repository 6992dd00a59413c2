import "./trader.css";
import type { Market } from "../api/markets";
import { outcomeOf } from "../api/markets";
import { shortAddress } from "../money";

/** A market by its question, linked to its page on Polymarket, with the outcome when known;
 * the condition id only while the name is not loaded (or the market is unknown). */
export function MarketName({
  conditionId,
  market,
  tokenId,
  outcome,
}: {
  conditionId: string;
  market: Market | undefined;
  tokenId?: string | null;
  outcome?: string | null;
}) {
  const side = outcome ?? outcomeOf(market, tokenId);
  const question = market?.question || null;
  return (
    <span className="market-name" data-testid="market-name">
      {question && market?.url ? (
        <a href={market.url} target="_blank" rel="noreferrer" title="Open the market on Polymarket">
          {question}
        </a>
      ) : question ? (
        question
      ) : (
        <code title={conditionId}>{shortAddress(conditionId)}</code>
      )}
      {side && (
        <>
          {" "}
          <span className="outcome">{side}</span>
        </>
      )}
      <RiskBadge score={market?.risk_score} />
    </span>
  );
}

/** The market's risk score (0 calm … 100 risky; docs/market-risk.md), when known. */
export function RiskBadge({ score }: { score: number | null | undefined }) {
  if (score === null || score === undefined) return null;
  const level = score >= 67 ? "high" : score >= 34 ? "medium" : "low";
  return (
    <>
      {" "}
      <span className={`risk-badge risk-${level}`} data-testid="market-risk" title={`Market risk score ${score} of 100 (higher: riskier)`}>
        risk {score}
      </span>
    </>
  );
}
