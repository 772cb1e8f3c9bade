import { type ReactNode, useState } from 'react';
import { CardForm, type MutationState } from '../../../ui/card-form';
import { Field } from '../../../ui/fields';
import { parsePrice } from '../../../ui/money';
import { useTextFields } from '../../../ui/text-fields';

export interface ProductFields {
  readonly name: string;
  readonly priceCents: number;
}

/**
 * A product's name and price, new or edited: the price is read as people type it ("12,50") and
 * checked here, before anything is sent. `clear` empties the form (after a create).
 */
export function ProductForm(props: {
  label: string;
  submit: string;
  state: MutationState;
  saved?: string;
  product?: ProductFields;
  onSave: (product: ProductFields, clear: () => void) => void;
}): ReactNode {
  const form = useTextFields({
    name: props.product?.name ?? '',
    price: props.product === undefined ? '' : (props.product.priceCents / 100).toFixed(2),
  });
  const [invalid, setInvalid] = useState<string | null>(null);
  return (
    <CardForm
      label={props.label}
      submit={props.submit}
      state={props.state}
      saved={props.saved}
      invalid={invalid}
      onSubmit={() => {
        const priceCents = parsePrice(form.values.price);
        setInvalid(priceCents === null ? 'Price: a number like 12.50' : null);
        if (priceCents !== null) props.onSave({ name: form.values.name, priceCents }, form.clear);
      }}
    >
      <div className="row">
        <Field label="Name" {...form.field('name')} required />
        <Field label="Price (€)" {...form.field('price')} inputMode="decimal" required />
      </div>
    </CardForm>
  );
}
