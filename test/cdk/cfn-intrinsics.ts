/**
 * Evaluates the CloudFormation intrinsic functions the stack's conditions and parameter
 * handling use (`Ref` to a parameter, `Fn::Join`, `Fn::Split`, `Fn::Select`, `Fn::Equals`,
 * `Fn::Not`, `Fn::And`), so the tests can tell what a deployment with given parameter values
 * would create. Rules: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 * Anything else is refused rather than guessed.
 */
export type Parameters = Record<string, string>;

export function evaluate(expression: unknown, parameters: Parameters): unknown {
  if (typeof expression === 'string' || typeof expression === 'boolean' || typeof expression === 'number')
    return expression;
  if (Array.isArray(expression)) return expression.map((item) => evaluate(item, parameters));
  if (typeof expression !== 'object' || expression === null)
    throw new Error(`cannot evaluate ${JSON.stringify(expression)}`);
  const [[name, args]] = Object.entries(expression);
  const values = (): unknown[] => evaluate(args, parameters) as unknown[];
  switch (name) {
    case 'Ref': {
      if (!(String(args) in parameters)) throw new Error(`no value for parameter ${String(args)}`);
      return parameters[String(args)];
    }
    case 'Fn::Join': {
      const [separator, list] = values() as [string, string[]];
      return list.join(separator);
    }
    case 'Fn::Split': {
      const [separator, text] = values() as [string, string];
      return text.split(separator);
    }
    case 'Fn::Select': {
      const [index, list] = values() as [number | string, unknown[]];
      const position = Number(index);
      // CloudFormation fails the deployment on an index out of range.
      if (position < 0 || position >= list.length) throw new Error(`Fn::Select index ${position} out of range`);
      return list[position];
    }
    case 'Fn::Equals': {
      const [left, right] = values();
      return left === right;
    }
    case 'Fn::Not':
      return !(values()[0] as boolean);
    case 'Fn::And':
      return (values() as boolean[]).every(Boolean);
    default:
      throw new Error(`intrinsic ${name} is not supported by this evaluator`);
  }
}
