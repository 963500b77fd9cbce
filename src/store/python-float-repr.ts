// Python's `repr(float)`, which `json.dumps` uses for every float. JavaScript and Python agree on the
// shortest digits that round-trip; they disagree on when to switch to exponent form and on how the
// exponent is written, so only the layout is rebuilt here.

/** Decimal digits and exponent of a finite, non-zero number: value = 0.d1d2... × 10^(exponent + 1). */
interface DecimalDigits {
  digits: string;
  exponent: number;
}

/**
 * Formats a number exactly like Python's `repr(float(value))`: `1.0`, `0.0001`, `1e-05`, `1.5e+16`,
 * `inf` spelled the JSON way (`Infinity`, `-Infinity`, `NaN`) because that is what `json.dumps` writes.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(Math.abs(value));
  // Python's float_repr_style "short": exponent form outside 1e-4 <= |x| < 1e16.
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

// Number::toString is specified to give the shortest round-trip digits, nearest to the exact value;
// that is the same digit string Python's repr picks (David Gay's mode 0).
function shortestDigits(positive: number): DecimalDigits {
  const text = String(positive);
  const exponentIndex = text.indexOf('e');
  if (exponentIndex >= 0) {
    const mantissa = text.slice(0, exponentIndex).replace('.', '');
    return { digits: stripTrailingZeros(mantissa), exponent: Number(text.slice(exponentIndex + 1)) };
  }
  const pointIndex = text.indexOf('.');
  const integerPart = pointIndex >= 0 ? text.slice(0, pointIndex) : text;
  const fractionPart = pointIndex >= 0 ? text.slice(pointIndex + 1) : '';
  if (integerPart !== '0') {
    return { digits: stripTrailingZeros(integerPart + fractionPart), exponent: integerPart.length - 1 };
  }
  const leadingZeros = fractionPart.length - fractionPart.replace(/^0+/, '').length;
  return { digits: stripTrailingZeros(fractionPart.slice(leadingZeros)), exponent: -(leadingZeros + 1) };
}

function stripTrailingZeros(digits: string): string {
  const stripped = digits.replace(/0+$/, '');
  return stripped === '' ? '0' : stripped;
}
