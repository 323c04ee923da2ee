// The caller's fallback as mixpanel-browser 2.84 hands it back from get_variant(): an object
// copied (a value alone wrapped as { value }), marked as a fallback, with why.
export const fallbackVariant = (fallback: any, reason: string): any => ({
  ...(fallback && typeof fallback == 'object' ? fallback : { value: fallback }),
  variant_source: 'fallback',
  fallback_reason: reason,
});
