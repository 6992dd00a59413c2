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
    </span>
  );
}
